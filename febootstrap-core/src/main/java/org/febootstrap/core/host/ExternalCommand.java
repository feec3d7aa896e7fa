package org.febootstrap.core.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
import org.apache.commons.exec.Watchdog;
import org.febootstrap.core.util.ShutdownWork;

/**
 * An external program to run (a package manager, mknod, fakeroot...), through commons-exec. On a
 * timeout, or when the JVM is stopped while it runs, the program is killed together with every
 * process it started: commons-exec alone would kill only the direct child and leave, say, dnf
 * running under a killed fakeroot. Arguments are passed as given, never quoted or split.
 */
public final class ExternalCommand {
    /** How a run ended. */
    public record Result(List<String> command, int exitCode, boolean timedOut, Duration elapsed) {
        public boolean succeeded() {
            return exitCode == 0 && !timedOut;
        }
    }

    private final List<String> command = new ArrayList<>();
    private Map<String, String> environment; // null: inherit ours
    private Path workingDirectory;
    private Duration timeout = Duration.ofHours(6);
    private OutputStream stdout = OutputStream.nullOutputStream();
    private OutputStream stderr = OutputStream.nullOutputStream();
    private InputStream stdin;

    private ExternalCommand(String program) {
        command.add(Objects.requireNonNull(program));
    }

    public static ExternalCommand of(String program, String... arguments) {
        ExternalCommand c = new ExternalCommand(program);
        for (String a : arguments) {
            c.addArgument(a);
        }
        return c;
    }

    public ExternalCommand addArgument(String argument) {
        command.add(Objects.requireNonNull(argument));
        return this;
    }

    public ExternalCommand addArguments(Collection<String> arguments) {
        for (String a : arguments) {
            addArgument(a);
        }
        return this;
    }

    /** Runs the program with exactly this environment instead of ours. */
    public ExternalCommand environment(Map<String, String> env) {
        this.environment = new LinkedHashMap<>(env);
        return this;
    }

    public ExternalCommand workingDirectory(Path dir) {
        this.workingDirectory = dir;
        return this;
    }

    public ExternalCommand timeout(Duration t) {
        this.timeout = Objects.requireNonNull(t);
        return this;
    }

    /** Where the program's standard output and error go (both discarded unless set). */
    public ExternalCommand output(OutputStream out, OutputStream err) {
        this.stdout = Objects.requireNonNull(out);
        this.stderr = Objects.requireNonNull(err);
        return this;
    }

    /** What the program reads on standard input (none: its input is closed at once). */
    public ExternalCommand input(InputStream in) {
        this.stdin = in;
        return this;
    }

    public List<String> command() {
        return List.copyOf(command);
    }

    /**
     * Runs the program and waits for it. A non-zero exit is not an exception: the caller knows
     * what it means.
     *
     * @throws IOException when the program cannot be started (the message names it)
     */
    public Result run() throws IOException {
        CommandLine cl = new CommandLine(command.get(0));
        for (String a : command.subList(1, command.size())) {
            cl.addArgument(a, false);
        }
        DefaultExecutor.Builder<?> b = DefaultExecutor.builder();
        if (workingDirectory != null) {
            b.setWorkingDirectory(workingDirectory.toFile());
        }
        DefaultExecutor executor = b.get();
        executor.setExitValues(null);
        TreeKillingWatchdog watchdog = new TreeKillingWatchdog(timeout);
        executor.setWatchdog(watchdog);
        executor.setProcessDestroyer(TreeKillingDestroyer.INSTANCE);
        ShutdownWork.childrenStarted();
        executor.setStreamHandler(new PumpStreamHandler(stdout, stderr, stdin));
        long start = System.nanoTime();
        int exit;
        try {
            exit = executor.execute(cl, environment);
        } catch (IOException e) {
            if (!watchdog.hasStarted()) {
                throw new IOException(command.get(0) + ": cannot run program: " + cannotRunReason(e), e);
            }
            throw e;
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return new Result(command(), exit, watchdog.timedOut(), elapsed);
    }

    private static String cannotRunReason(IOException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("error=2")) {
            return "No such file or directory";
        }
        if (m.contains("error=13")) {
            return "Permission denied";
        }
        return m;
    }

    /** Kills a process's descendants (deepest first, collected before anyone dies) and then it. */
    static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        for (int i = descendants.size() - 1; i >= 0; i--) {
            descendants.get(i).destroyForcibly();
        }
        process.destroyForcibly();
    }

    /** commons-exec's watchdog, killing the whole process tree instead of the child only. */
    private static final class TreeKillingWatchdog extends ExecuteWatchdog {
        private Process process;
        private boolean fired;

        @SuppressWarnings("deprecation")
        TreeKillingWatchdog(Duration timeout) {
            super(timeout.toMillis());
        }

        @Override
        public synchronized void start(Process p) {
            this.process = p;
            super.start(p);
        }

        synchronized boolean hasStarted() {
            return process != null;
        }

        @Override
        public synchronized void timeoutOccured(Watchdog w) {
            // The tree first: once the child is dead its children are no longer its descendants.
            // (commons-exec then finds the child dead and would not call it a timeout: we do.)
            if (process != null && process.isAlive()) {
                fired = true;
                killTree(process);
            }
            super.timeoutOccured(w);
        }

        synchronized boolean timedOut() {
            return fired || killedProcess();
        }
    }

    /**
     * Kills, when the JVM is stopped (Ctrl-C, SIGTERM), every process this JVM started and all
     * of theirs. It does not rely on knowing which programs run: a process whose start has not
     * yet returned to Java (its child may already be running) is a descendant all the same.
     */
    private static final class TreeKillingDestroyer implements org.apache.commons.exec.ProcessDestroyer {
        static final TreeKillingDestroyer INSTANCE = new TreeKillingDestroyer();
        private int running;

        private TreeKillingDestroyer() {
            Runtime.getRuntime().addShutdownHook(new Thread(TreeKillingDestroyer::killDescendants, "kill-external-commands"));
        }

        @Override
        public synchronized boolean add(Process p) {
            running++;
            return true;
        }

        @Override
        public synchronized boolean remove(Process p) {
            running--;
            return true;
        }

        @Override
        public synchronized int size() {
            return running;
        }

        private static void killDescendants() {
            // Collected before any is killed: a killed parent's children stop being our descendants.
            List<ProcessHandle> all = ProcessHandle.current().descendants().toList();
            for (int i = all.size() - 1; i >= 0; i--) {
                all.get(i).destroyForcibly();
            }
        }
    }

    @Override
    public String toString() {
        return String.join(" ", command);
    }
}
