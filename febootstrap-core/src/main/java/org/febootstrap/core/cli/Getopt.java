package org.febootstrap.core.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * GNU getopt_long(3) semantics, as febootstrap 2.x's users typed them: {@code -i v}, {@code -iv},
 * clustered flags ({@code -vvv}), {@code --opt=v}, {@code --opt v}, unique prefixes of long
 * options, {@code --} ends options, a lone {@code -} is an operand. Options and operands may be
 * mixed (GNU permutation) unless the caller asks to stop at the first operand, as a command that
 * runs another command must ({@code febootstrap-run DIR ls -l}).
 */
public final class Getopt {
    /** One option as it occurred, with its value (null for a flag). */
    public record Occurrence(OptionSpec option, String value) {}

    /** Options in the order given, and the operands. */
    public record Result(List<Occurrence> options, List<String> operands) {
        public Result {
            options = List.copyOf(options);
            operands = List.copyOf(operands);
        }

        public int count(OptionSpec spec) {
            int n = 0;
            for (Occurrence o : options) {
                if (o.option().equals(spec)) {
                    n++;
                }
            }
            return n;
        }
    }

    private Getopt() {}

    public static Result parse(List<OptionSpec> specs, List<String> args, boolean stopAtFirstOperand)
            throws UsageException {
        List<Occurrence> options = new ArrayList<>();
        List<String> operands = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                operands.addAll(args.subList(i + 1, args.size()));
                break;
            } else if (arg.startsWith("--")) {
                i = parseLong(specs, args, i, options);
            } else if (arg.startsWith("-") && arg.length() > 1) {
                i = parseShortCluster(specs, args, i, options);
            } else if (stopAtFirstOperand) {
                operands.addAll(args.subList(i, args.size()));
                break;
            } else {
                operands.add(arg);
            }
        }
        return new Result(options, operands);
    }

    private static int parseLong(List<OptionSpec> specs, List<String> args, int i, List<Occurrence> out)
            throws UsageException {
        String arg = args.get(i);
        int eq = arg.indexOf('=');
        String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
        OptionSpec spec = findLong(specs, name, arg);
        if (!spec.takesArgument()) {
            if (eq >= 0) {
                throw new UsageException("option '--" + spec.longName() + "' doesn't allow an argument");
            }
            out.add(new Occurrence(spec, null));
            return i;
        }
        if (eq >= 0) {
            out.add(new Occurrence(spec, arg.substring(eq + 1)));
            return i;
        }
        if (i + 1 >= args.size()) {
            throw new UsageException("option '--" + spec.longName() + "' requires an argument");
        }
        out.add(new Occurrence(spec, args.get(i + 1)));
        return i + 1;
    }

    private static OptionSpec findLong(List<OptionSpec> specs, String name, String arg) throws UsageException {
        List<OptionSpec> candidates = new ArrayList<>();
        for (OptionSpec s : specs) {
            if (s.longName() == null) {
                continue;
            }
            if (s.longName().equals(name)) {
                return s;
            }
            if (!name.isEmpty() && s.longName().startsWith(name)) {
                candidates.add(s);
            }
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        String shown = arg.indexOf('=') < 0 ? arg : arg.substring(0, arg.indexOf('='));
        if (candidates.isEmpty()) {
            throw new UsageException("unrecognized option '" + shown + "'");
        }
        StringBuilder msg = new StringBuilder("option '" + shown + "' is ambiguous; possibilities:");
        for (OptionSpec s : candidates) {
            msg.append(" '--").append(s.longName()).append('\'');
        }
        throw new UsageException(msg.toString());
    }

    private static int parseShortCluster(List<OptionSpec> specs, List<String> args, int i, List<Occurrence> out)
            throws UsageException {
        String arg = args.get(i);
        for (int k = 1; k < arg.length(); k++) {
            char c = arg.charAt(k);
            OptionSpec spec = findShort(specs, c);
            if (!spec.takesArgument()) {
                out.add(new Occurrence(spec, null));
                continue;
            }
            if (k + 1 < arg.length()) {
                out.add(new Occurrence(spec, arg.substring(k + 1)));
                return i;
            }
            if (i + 1 >= args.size()) {
                throw new UsageException("option requires an argument -- '" + c + "'");
            }
            out.add(new Occurrence(spec, args.get(i + 1)));
            return i + 1;
        }
        return i;
    }

    private static OptionSpec findShort(List<OptionSpec> specs, char c) throws UsageException {
        for (OptionSpec s : specs) {
            if (s.shortName() == c) {
                return s;
            }
        }
        throw new UsageException("invalid option -- '" + c + "'");
    }
}
