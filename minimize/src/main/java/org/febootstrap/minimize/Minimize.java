package org.febootstrap.minimize;

import com.beust.jcommander.Parameter;
import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.febootstrap.core.cli.CommandRunner;
import org.febootstrap.core.cli.Console;
import org.febootstrap.core.cli.OptionSpec;
import org.febootstrap.core.cli.Options;
import org.febootstrap.core.cli.Tool;
import org.febootstrap.core.cli.UsageException;
import org.febootstrap.core.root.Root;

/**
 * febootstrap-minimize: removes what an appliance does not need from a root filesystem, as
 * 2.x did, plus Debian's package database, apt's cache and logs, and optionally hard-links
 * identical files. Data (the --dry-run listing) goes to stdout, messages and the summary to stderr.
 */
public final class Minimize implements Tool {
    static final String NAME = "febootstrap-minimize";

    // Declared one by one so getopt knows them (and --help lists them); their order on the command
    // line, which JCommander's booleans forget, is read back in flagsInOrder.
    @Parameter(names = "--all", description = "Drop every category (the default).")
    private boolean all;

    @Parameter(names = "--none", description = "Drop nothing; add categories with --drop-X.")
    private boolean none;

    @Parameter(names = "--keep-locales", description = "Keep locales.")
    private boolean keepLocales;

    @Parameter(names = "--drop-locales", description = "Drop locales.")
    private boolean dropLocales;

    @Parameter(names = "--keep-docs", description = "Keep docs.")
    private boolean keepDocs;

    @Parameter(names = "--drop-docs", description = "Drop docs.")
    private boolean dropDocs;

    @Parameter(names = "--keep-cracklib", description = "Keep cracklib.")
    private boolean keepCracklib;

    @Parameter(names = "--drop-cracklib", description = "Drop cracklib.")
    private boolean dropCracklib;

    @Parameter(names = "--keep-i18n", description = "Keep i18n.")
    private boolean keepI18n;

    @Parameter(names = "--drop-i18n", description = "Drop i18n.")
    private boolean dropI18n;

    @Parameter(names = "--keep-zoneinfo", description = "Keep zoneinfo.")
    private boolean keepZoneinfo;

    @Parameter(names = "--drop-zoneinfo", description = "Drop zoneinfo.")
    private boolean dropZoneinfo;

    @Parameter(names = "--keep-rpmdb", description = "Keep rpmdb.")
    private boolean keepRpmdb;

    @Parameter(names = "--drop-rpmdb", description = "Drop rpmdb.")
    private boolean dropRpmdb;

    @Parameter(names = "--keep-yum-cache", description = "Keep yum-cache.")
    private boolean keepYumCache;

    @Parameter(names = "--drop-yum-cache", description = "Drop yum-cache.")
    private boolean dropYumCache;

    @Parameter(names = "--keep-services", description = "Keep services.")
    private boolean keepServices;

    @Parameter(names = "--drop-services", description = "Drop services.")
    private boolean dropServices;

    @Parameter(names = "--keep-sln", description = "Keep sln.")
    private boolean keepSln;

    @Parameter(names = "--drop-sln", description = "Drop sln.")
    private boolean dropSln;

    @Parameter(names = "--keep-ldconfig", description = "Keep ldconfig.")
    private boolean keepLdconfig;

    @Parameter(names = "--drop-ldconfig", description = "Drop ldconfig.")
    private boolean dropLdconfig;

    @Parameter(names = "--keep-dpkgdb", description = "Keep dpkgdb.")
    private boolean keepDpkgdb;

    @Parameter(names = "--drop-dpkgdb", description = "Drop dpkgdb.")
    private boolean dropDpkgdb;

    @Parameter(names = "--keep-apt-cache", description = "Keep apt-cache.")
    private boolean keepAptCache;

    @Parameter(names = "--drop-apt-cache", description = "Drop apt-cache.")
    private boolean dropAptCache;

    @Parameter(names = "--keep-logs", description = "Keep logs.")
    private boolean keepLogs;

    @Parameter(names = "--drop-logs", description = "Drop logs.")
    private boolean dropLogs;

    @Parameter(names = "--dedupe", description = "Hard-link regular files with identical content, owner and mode; report the bytes saved. An in-place edit of one name then shows in all.")
    private boolean dedupe;

    @Parameter(names = "--dry-run", description = "List what would go (CATEGORY, BYTES, PATH per line) on stdout; change nothing.")
    private boolean dryRun;

    @Parameter(names = "--pack-executables", description = "Removed in febootstrap 2.5; refused.")
    private boolean packExecutables;

    public static void main(String[] args) {
        CommandRunner.exit(CommandRunner.run(NAME, new Minimize(), args, Console.system()));
    }

    @Override
    public int run(List<String> args, Console console) throws Exception {
        Options.Parsed line = Options.read(this, help(), args, false);
        List<String> operands = line.operands();
        if (packExecutables) {
            throw new UsageException("--pack-executables was removed in febootstrap 2.5 (it packed executables with upx)");
        }
        if (operands.size() != 1) {
            throw new UsageException(operands.isEmpty() ? "missing DIR" : "too many arguments: expected one DIR");
        }
        List<String> flags = new ArrayList<>();
        for (OptionSpec o : line.options()) {
            flags.add(o.longName());
        }
        Plan plan = plan(flags).withDedupe(dedupe).withDryRun(dryRun);
        Path dir = Path.of(operands.get(0));
        // As non-root we cannot chown the new etc/services to root: its owner goes to fakeroot.log.
        Root root = Root.runningAsRoot() ? Root.open(dir) : Root.openWithFakeroot(dir);
        Minimizer minimizer = Minimizer.forRoot(root);
        // Buffered: a dry run prints a line per file, and an unbuffered stdout costs a write(2) each.
        PrintStream out = new PrintStream(new BufferedOutputStream(console.out(), 1 << 16), false, StandardCharsets.UTF_8);
        Summary summary;
        try {
            summary = minimizer.apply(plan, new Report(out, console.err(), plan.dryRun()));
        } finally {
            out.flush();
        }
        printSummary(plan, summary, console.err());
        return 0;
    }

    /** Applies --all, --none, --keep-X and --drop-X in the order given, from 2.x's default (--all). */
    static Plan plan(List<String> flags) {
        Plan plan = Plan.dropEverything();
        for (String f : flags) {
            if (f.equals("all")) {
                plan = plan.withAllDropped();
            } else if (f.equals("none")) {
                plan = plan.withNoneDropped();
            } else if (f.startsWith("keep-")) {
                plan = plan.withKept(Category.ofOptionName(f.substring("keep-".length())));
            } else if (f.startsWith("drop-")) {
                plan = plan.withDropped(Category.ofOptionName(f.substring("drop-".length())));
            }
        }
        return plan;
    }

    private static Options.Help help() {
        StringBuilder d = new StringBuilder("""
                Remove what an appliance does not need from the root filesystem DIR: locales,
                documentation, time zones, package databases and caches, logs... Each category
                below is dropped by default (--all); --none starts from nothing; --keep-X and
                --drop-X adjust, applied in the order given. Symlinks are resolved inside DIR,
                nothing outside DIR or on another filesystem mounted inside it is touched, and a
                root built as non-root keeps a true fakeroot.log. Package managers may not work on
                the result: do this last, on throwaway appliances.

                Categories (--keep-X / --drop-X):
                """);
        for (Category c : Category.values()) {
            // Padded by hand: String.format's first call costs a cold JVM about 8 ms (Formatter
            // compiles its pattern), and this text is made on every run.
            d.append("  ").append(c.optionName()).append(" ".repeat(Math.max(0, 10 - c.optionName().length()))).append(' ');
            appendWrapped(d, c.description(), 13, 78);
        }
        d.append("""

                A summary of files and bytes removed per category goes to stderr; with --dry-run
                the list of what would go goes to stdout, one tab-separated line per entry:
                CATEGORY BYTES PATH (a directory's PATH ends in /), and for --dedupe:
                dedupe BYTES PATH CANONICAL. BYTES are apparent sizes, a hard-linked file counted once.""");
        return new Options.Help(NAME,
                NAME + " [--all|--none] [--keep-X|--drop-X]... [--dedupe] [--dry-run] DIR", d.toString());
    }

    /** Appends words as lines of at most {@code width} columns, continuation lines indented. */
    private static void appendWrapped(StringBuilder sb, String text, int indent, int width) {
        int column = indent;
        boolean first = true;
        for (String word : text.split(" ")) {
            if (!first && column + 1 + word.length() > width) {
                sb.append('\n').append(" ".repeat(indent));
                column = indent;
                first = true;
            }
            if (!first) {
                sb.append(' ');
                column++;
            }
            sb.append(word);
            column += word.length();
            first = false;
        }
        sb.append('\n');
    }

    static void printSummary(Plan plan, Summary s, PrintStream err) {
        String verb = s.dryRun() ? "would remove" : "removed";
        for (Map.Entry<Category, Tally> e : s.removed().entrySet()) {
            err.println(NAME + ": " + e.getKey().optionName() + ": " + verb + " " + describe(e.getValue()));
        }
        if (!s.removed().isEmpty()) {
            err.println(NAME + ": total: " + verb + " " + describe(s.totalRemoved()));
        }
        if (plan.dedupe()) {
            err.println(NAME + ": dedupe: " + (s.dryRun() ? "would hard-link " : "hard-linked ") + s.deduped().files()
                    + (s.deduped().files() == 1 ? " file" : " files") + ", saving " + s.deduped().bytes() + " bytes (" + mebibytes(s.deduped().bytes()) + ")");
        }
    }

    private static String describe(Tally t) {
        return count(t.files(), "file") + ", " + count(t.directories(), "directory") + ", " + t.bytes() + " bytes ("
                + mebibytes(t.bytes()) + ")";
    }

    private static String count(long n, String noun) {
        if (n == 1) {
            return "1 " + noun;
        }
        return n + " " + (noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s");
    }

    /**
     * {@code bytes} in MiB with one decimal, rounded half up (as {@code %.1f} would, without
     * Formatter's cold start): bytes / 2^20 is exact in a double, so this is the same rounding.
     */
    static String mebibytes(long bytes) {
        long tenths = (bytes * 20 + 1048576) / 2097152;
        return (tenths / 10) + "." + (tenths % 10) + " MiB";
    }

    /** Lists changes for --dry-run on stdout, and warns on stderr of what was left alone. */
    private record Report(PrintStream out, PrintStream err, boolean dryRun) implements Listener {
        @Override
        public void removed(Category category, String path, boolean directory, long bytes) {
            if (dryRun) {
                out.println(category.optionName() + "\t" + bytes + "\t" + path + (directory ? "/" : ""));
            }
        }

        @Override
        public void linked(String path, String canonical, long bytes) {
            if (dryRun) {
                out.println("dedupe\t" + bytes + "\t" + path + "\t" + canonical);
            }
        }

        @Override
        public void skipped(String path, String reason) {
            err.println(NAME + ": warning: " + path + ": " + reason + ", left alone");
        }
    }
}
