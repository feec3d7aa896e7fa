package org.febootstrap.core.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Arrays;
import org.febootstrap.core.util.ShutdownWork;

/**
 * Runs a {@link Tool} and maps what it throws to one clear line on stderr and an exit status:
 * 0 success, 1 failure, 2 usage error. The caller, a main method, ends the process with
 * {@link #exit}.
 */
public final class CommandRunner {
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    private CommandRunner() {}

    /**
     * Ends the process with {@code status}; for main methods only. Not plain System.exit after a
     * success: since JDK 21, Runtime.exit first logs the call through System.Logger, whose first
     * use looks for a logging backend (a ServiceLoader scan of every jar on the class path, then
     * java.util.logging's set-up), 7 to 9 ms of a 70 ms helper run. So a run that succeeded with
     * nothing left for a shutdown hook ({@link ShutdownWork}) flushes
     * stdout and stderr and halts; failures go through System.exit and its hooks.
     */
    public static void exit(int status) {
        System.out.flush();
        System.err.flush();
        if (status == 0 && ShutdownWork.nonePending()) {
            Runtime.getRuntime().halt(0);
        }
        System.exit(status);
    }

    public static int run(String command, Tool tool, String[] args, Console console) {
        try {
            return tool.run(Arrays.asList(args), console);
        } catch (EarlyExit e) {
            var out = console.text();
            out.print(e.text());
            out.flush();
            return 0;
        } catch (UsageException e) {
            console.err().println(command + ": " + e.getMessage());
            console.err().println("Try '" + command + " --help' for more information.");
            return EXIT_USAGE;
        } catch (Exception | Error e) {
            console.err().println(command + ": " + describe(e));
            if (console.env("FEBOOTSTRAP_DEBUG") != null) {
                e.printStackTrace(console.err());
            }
            return EXIT_FAILURE;
        }
    }

    /** One line saying which file and what went wrong, in the words of strerror(3) where we can. */
    public static String describe(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return describe(u.getCause());
        }
        if (e instanceof FileSystemException f && f.getFile() != null) {
            String what = f.getFile();
            if (f.getOtherFile() != null) {
                what += " -> " + f.getOtherFile();
            }
            return what + ": " + reason(f);
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory (raise -Xmx in FEBOOTSTRAP_JAVA_OPTS)";
        }
        if (e instanceof IOException && e.getMessage() != null) {
            return e.getMessage();
        }
        if (e instanceof RuntimeException && !(e instanceof IllegalArgumentException) && !(e instanceof IllegalStateException)) {
            return "internal error: " + e;
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private static String reason(FileSystemException f) {
        if (f.getReason() != null) {
            return f.getReason();
        }
        if (f instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (f instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (f instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (f instanceof DirectoryNotEmptyException) {
            return "Directory not empty";
        }
        if (f instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        if (f instanceof FileSystemLoopException) {
            return "Too many levels of symbolic links";
        }
        return f.getClass().getSimpleName();
    }
}
