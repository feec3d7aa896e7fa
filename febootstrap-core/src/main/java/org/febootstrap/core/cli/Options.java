package org.febootstrap.core.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds a command line to an options object whose fields carry JCommander {@link Parameter}
 * annotations. {@link Getopt} does the GNU-style parsing (clusters, unique prefixes, {@code --});
 * JCommander then binds values, converts types and checks them. Every command gets {@code --help}
 * and {@code --version} here.
 */
public final class Options {
    private static final OptionSpec HELP = OptionSpec.flag("help", (char) 0);
    private static final OptionSpec VERSION = OptionSpec.flag("version", (char) 0);

    /** A command's fixed texts for --help. */
    public record Help(String command, String synopsis, String description) {}

    private record Bound(OptionSpec spec, Field field, String canonicalName, String metavar, String description) {}

    private Options() {}

    /**
     * Parses {@code args} into {@code bean} and returns the operands.
     *
     * @throws EarlyExit when --help or --version was given (print its text, exit 0)
     * @throws UsageException when the command line is wrong
     */
    public static List<String> parse(Object bean, Help help, List<String> args, boolean stopAtFirstOperand)
            throws UsageException, EarlyExit {
        List<Bound> bound = bind(bean.getClass());
        List<OptionSpec> specs = new ArrayList<>();
        specs.add(HELP);
        specs.add(VERSION);
        for (Bound b : bound) {
            specs.add(b.spec());
        }
        Getopt.Result result = Getopt.parse(specs, args, stopAtFirstOperand);
        if (result.count(HELP) > 0) {
            throw new EarlyExit(helpText(help, bound));
        }
        if (result.count(VERSION) > 0) {
            throw new EarlyExit(Version.line(help.command()) + "\n");
        }
        List<String> canonical = new ArrayList<>();
        Map<Bound, Integer> counts = new LinkedHashMap<>();
        for (Getopt.Occurrence o : result.options()) {
            Bound b = find(bound, o.option());
            if (b.field().isAnnotationPresent(Counted.class)) {
                counts.merge(b, 1, Integer::sum);
            } else if (!o.option().takesArgument()) {
                // A repeated boolean would toggle back in JCommander: pass it once.
                counts.put(b, 1);
            } else {
                canonical.add(b.canonicalName());
                canonical.add(o.value());
            }
        }
        for (Map.Entry<Bound, Integer> e : counts.entrySet()) {
            canonical.add(e.getKey().canonicalName());
            if (e.getKey().field().isAnnotationPresent(Counted.class)) {
                canonical.add(Integer.toString(e.getValue()));
            }
        }
        if (canonical.isEmpty()) {
            // Nothing to bind: the defaults stand, and JCommander's reflective set-up (tens of
            // milliseconds of a cold JVM) is skipped for the common plain invocation.
            return result.operands();
        }
        try {
            JCommander.newBuilder().addObject(bean).acceptUnknownOptions(false).build().parse(canonical.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new UsageException(e.getMessage());
        }
        return result.operands();
    }

    private static Bound find(List<Bound> bound, OptionSpec spec) {
        for (Bound b : bound) {
            if (b.spec().equals(spec)) {
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
                boolean flag = t == boolean.class || t == Boolean.class || f.isAnnotationPresent(Counted.class);
                OptionSpec spec = new OptionSpec(longName, shortName, !flag);
                Metavar mv = f.getAnnotation(Metavar.class);
                String metavar = mv != null ? mv.value() : (flag ? null : "VALUE");
                out.add(new Bound(spec, f, p.names()[0], metavar, p.description()));
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
            OptionSpec s = b.spec();
            String names = (s.shortName() != 0 ? "-" + s.shortName() + (s.longName() != null ? ", " : "") : "    ")
                    + (s.longName() != null ? "--" + s.longName() : "");
            if (b.metavar() != null) {
                names += s.longName() != null ? "=" + b.metavar() : " " + b.metavar();
            }
            rows.add(new String[] {names, b.description()});
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
