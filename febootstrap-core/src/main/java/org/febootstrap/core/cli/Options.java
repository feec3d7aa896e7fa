package org.febootstrap.core.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import com.beust.jcommander.converters.CommaParameterSplitter;
import com.beust.jcommander.converters.IParameterSplitter;
import com.beust.jcommander.converters.NoConverter;
import com.beust.jcommander.validators.NoValidator;
import com.beust.jcommander.validators.NoValueValidator;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds a command line to an options object whose fields carry JCommander {@link Parameter}
 * annotations. {@link Getopt} does the GNU-style parsing (clusters, unique prefixes, {@code --}).
 * Values of the plain kinds every command here uses (a flag, a counted flag, a string, an int,
 * a list of strings) are bound here, the way JCommander binds them; any other kind of field, or
 * one with a converter, validator or other JCommander attribute, goes through JCommander itself.
 * Every command gets {@code --help} and {@code --version} here.
 *
 * <p>Start-up is most of a command's run: JCommander's reflective set-up costs a cold JVM about
 * 50 ms, reading the annotations about 25 (each annotation type becomes a generated proxy class),
 * so a command line without options reads none, and one with plain options never starts
 * JCommander.
 */
public final class Options {
    private static final OptionSpec HELP = OptionSpec.flag("help", (char) 0);
    private static final OptionSpec VERSION = OptionSpec.flag("version", (char) 0);

    /** A command's fixed texts for --help. */
    public record Help(String command, String synopsis, String description) {}

    /**
     * An option field and what its annotations say. A class, not a record: it is a map key, and
     * a record's hashCode is bootstrapped through method handles (tens of milliseconds cold).
     */
    private static final class Bound {
        final OptionSpec spec;
        final Field field;
        final Parameter parameter;
        final boolean counted;
        final String metavar;

        Bound(OptionSpec spec, Field field, Parameter parameter, boolean counted, String metavar) {
            this.spec = spec;
            this.field = field;
            this.parameter = parameter;
            this.counted = counted;
            this.metavar = metavar;
        }

        /** The name JCommander knows the option by (its first), as in JCommander's messages. */
        String canonicalName() {
            return parameter.names()[0];
        }
    }

    /**
     * Set by the launcher on the run whose loaded classes make the command's start-up archive:
     * the option declarations are then read even for a line of operands, so that the archive
     * also serves later runs with options.
     */
    private static final boolean RECORDING = Boolean.getBoolean("febootstrap.cds.recording");

    /** A command line as parsed: its operands, and the options given, each occurrence in the order typed. */
    public static final class Parsed {
        private final List<String> operands;
        private final List<OptionSpec> options;

        Parsed(List<String> operands, List<OptionSpec> options) {
            this.operands = operands;
            this.options = options;
        }

        public List<String> operands() {
            return operands;
        }

        /** For commands whose options act in the order given ({@code --keep-X}, {@code --drop-X}). */
        public List<OptionSpec> options() {
            return options;
        }
    }

    /** Whether tests force every value through JCommander, to compare the two bindings. */
    static boolean alwaysJCommander;

    private Options() {}

    /**
     * Parses {@code args} into {@code bean} and returns the operands.
     *
     * @throws EarlyExit when --help or --version was given (print its text, exit 0)
     * @throws UsageException when the command line is wrong
     */
    public static List<String> parse(Object bean, Help help, List<String> args, boolean stopAtFirstOperand)
            throws UsageException, EarlyExit {
        return read(bean, help, args, stopAtFirstOperand).operands();
    }

    /** As {@link #parse}, with the options given as well. */
    public static Parsed read(Object bean, Help help, List<String> args, boolean stopAtFirstOperand)
            throws UsageException, EarlyExit {
        if (!RECORDING && onlyOperands(args, stopAtFirstOperand)) {
            // What Getopt would return, without the option fields read: their defaults stand.
            return new Parsed(List.copyOf(args), List.of());
        }
        List<Bound> bound = bind(bean.getClass());
        List<OptionSpec> specs = new ArrayList<>();
        specs.add(HELP);
        specs.add(VERSION);
        for (Bound b : bound) {
            specs.add(b.spec);
        }
        Getopt.Result result = Getopt.parse(specs, args, stopAtFirstOperand);
        if (result.count(HELP) > 0) {
            throw new EarlyExit(helpText(help, bound));
        }
        if (result.count(VERSION) > 0) {
            throw new EarlyExit(Version.line(help.command()) + "\n");
        }
        // Occurrences by field, in the order given; a field's first occurrence fixes its place.
        Map<Bound, List<String>> given = new LinkedHashMap<>();
        List<OptionSpec> typed = new ArrayList<>(result.options().size());
        boolean plain = !alwaysJCommander;
        for (Getopt.Occurrence o : result.options()) {
            typed.add(o.option());
            Bound b = find(bound, o.option());
            // No lambda (computeIfAbsent): its bootstrap costs a cold JVM milliseconds.
            List<String> values = given.get(b);
            if (values == null) {
                values = new ArrayList<>();
                given.put(b, values);
            }
            values.add(o.value());
            plain &= isPlain(b);
        }
        Parsed parsed = new Parsed(result.operands(), typed);
        if (given.isEmpty()) {
            return parsed;
        }
        if (plain) {
            for (Map.Entry<Bound, List<String>> e : given.entrySet()) {
                set(bean, e.getKey(), e.getValue());
            }
        } else {
            viaJCommander(bean, given);
        }
        return parsed;
    }

    /**
     * Whether Getopt would take every argument for an operand: none looks like an option (or is
     * {@code --}) before the first operand, or anywhere when options may follow operands.
     */
    static boolean onlyOperands(List<String> args, boolean stopAtFirstOperand) {
        for (String a : args) {
            if (a.startsWith("-") && a.length() > 1) {
                return false;
            }
            if (stopAtFirstOperand) {
                return true;
            }
        }
        return true;
    }

    private static void viaJCommander(Object bean, Map<Bound, List<String>> given) throws UsageException {
        List<String> canonical = new ArrayList<>();
        for (Map.Entry<Bound, List<String>> e : given.entrySet()) {
            Bound b = e.getKey();
            if (b.counted) {
                canonical.add(b.canonicalName());
                canonical.add(Integer.toString(e.getValue().size()));
            } else if (!b.spec.takesArgument()) {
                // A repeated boolean would toggle back in JCommander: pass it once.
                canonical.add(b.canonicalName());
            } else {
                for (String v : e.getValue()) {
                    canonical.add(b.canonicalName());
                    canonical.add(v);
                }
            }
        }
        try {
            JCommander.newBuilder().addObject(bean).acceptUnknownOptions(false).build()
                    .parse(canonical.toArray(new String[0]));
        } catch (ParameterException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** A field this class binds as JCommander would: a plain type, and no JCommander attribute beyond names and description. */
    private static boolean isPlain(Bound b) {
        Class<?> t = b.field.getType();
        boolean type = t == boolean.class || t == Boolean.class || t == String.class || t == int.class
                || t == Integer.class || t == List.class;
        Parameter p = b.parameter;
        return type && p.converter() == NoConverter.class && p.listConverter() == NoConverter.class
                && isOnly(p.validateWith(), NoValidator.class) && isOnly(p.validateValueWith(), NoValueValidator.class)
                && p.arity() == Parameter.DEFAULT_ARITY && !p.variableArity() && !p.password() && !p.required()
                && !p.help() && !p.echoInput() && !p.forceNonOverwritable();
    }

    private static boolean isOnly(Class<?>[] classes, Class<?> none) {
        return classes.length == 0 || (classes.length == 1 && classes[0] == none);
    }

    /** Sets a plain field from its occurrences (null values for a flag), with JCommander's rules and messages. */
    private static void set(Object bean, Bound b, List<String> values) throws UsageException {
        Field f = b.field;
        Class<?> t = f.getType();
        Object value;
        if (b.counted) {
            value = values.size();
        } else if (t == boolean.class || t == Boolean.class) {
            // As JCommander: a flag turns its field's default around (given once, however often typed).
            value = !Boolean.TRUE.equals(get(bean, f));
        } else if (t == List.class) {
            IParameterSplitter splitter = splitter(b);
            List<String> list = new ArrayList<>();
            for (String v : values) {
                list.addAll(splitter.split(v));
            }
            // As JCommander: the first value given replaces the field's default list.
            value = list;
        } else {
            if (values.size() > 1) {
                throw new UsageException("Can only specify option " + b.canonicalName() + " once.");
            }
            String v = values.get(0);
            if (t == String.class) {
                value = v;
            } else {
                try {
                    value = Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    throw new UsageException("\"" + b.canonicalName() + "\": couldn't convert \"" + v + "\" to an integer");
                }
            }
        }
        try {
            f.setAccessible(true);
            f.set(bean, value);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalStateException("cannot set option field " + f, e);
        }
    }

    private static Object get(Object bean, Field f) {
        try {
            f.setAccessible(true);
            return f.get(bean);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalStateException("cannot read option field " + f, e);
        }
    }

    private static IParameterSplitter splitter(Bound b) {
        Class<? extends IParameterSplitter> c = b.parameter.splitter();
        if (c == CommaParameterSplitter.class) {
            return new CommaParameterSplitter();
        }
        try {
            java.lang.reflect.Constructor<? extends IParameterSplitter> k = c.getDeclaredConstructor();
            k.setAccessible(true);
            return k.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make splitter " + c.getName(), e);
        }
    }

    private static Bound find(List<Bound> bound, OptionSpec spec) {
        for (Bound b : bound) {
            if (b.spec.equals(spec)) {
                return b;
            }
        }
        throw new IllegalStateException("unbound option " + spec);
    }

    private static List<Bound> bind(Class<?> type) {
        List<Bound> out = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                Parameter p = f.getAnnotation(Parameter.class);
                if (p == null || p.names().length == 0) {
                    continue;
                }
                String longName = null;
                char shortName = 0;
                for (String n : p.names()) {
                    if (n.startsWith("--")) {
                        longName = longName == null ? n.substring(2) : longName;
                    } else if (n.startsWith("-") && n.length() == 2) {
                        shortName = n.charAt(1);
                    } else {
                        throw new IllegalArgumentException("option name not in getopt form: " + n);
                    }
                }
                Class<?> t = f.getType();
                boolean counted = f.isAnnotationPresent(Counted.class);
                boolean flag = t == boolean.class || t == Boolean.class || counted;
                OptionSpec spec = new OptionSpec(longName, shortName, !flag);
                Metavar mv = f.getAnnotation(Metavar.class);
                String metavar = mv != null ? mv.value() : (flag ? null : "VALUE");
                out.add(new Bound(spec, f, p, counted, metavar));
            }
        }
        return out;
    }

    private static String helpText(Help help, List<Bound> bound) {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: ").append(help.synopsis().replace("\n", "\n       ")).append("\n\n");
        sb.append(help.description().strip()).append("\n\nOptions:\n");
        List<String[]> rows = new ArrayList<>();
        for (Bound b : bound) {
            OptionSpec s = b.spec;
            String names = (s.shortName() != 0 ? "-" + s.shortName() + (s.longName() != null ? ", " : "") : "    ")
                    + (s.longName() != null ? "--" + s.longName() : "");
            if (b.metavar != null) {
                names += s.longName() != null ? "=" + b.metavar : " " + b.metavar;
            }
            rows.add(new String[] {names, b.parameter.description()});
        }
        rows.add(new String[] {"    --help", "Show this help and exit."});
        rows.add(new String[] {"    --version", "Show the version and exit."});
        int width = 0;
        for (String[] r : rows) {
            width = Math.max(width, r[0].length());
        }
        for (String[] r : rows) {
            sb.append("  ").append(r[0]).append(" ".repeat(width - r[0].length() + 2)).append(r[1]).append('\n');
        }
        sb.append("\nExit status: 0 on success, 1 on failure, 2 on a usage error.\n");
        sb.append("See the ").append(help.command()).append("(8) man page for more.\n");
        return sb.toString();
    }
}
