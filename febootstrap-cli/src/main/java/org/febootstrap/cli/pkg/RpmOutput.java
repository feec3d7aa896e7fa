package org.febootstrap.cli.pkg;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what dnf or yum printed: whether the run really succeeded (a failed {@code %post} leaves
 * dnf's exit status 0) and, if not, the one line that tells the user why.
 */
public final class RpmOutput {
    private static final Pattern NO_MATCH = Pattern.compile("^No match for argument: (.+)$");
    private static final Pattern NO_PACKAGE = Pattern.compile("^No package (\\S+) available\\.?$");
    private static final Pattern UNABLE_TO_FIND = Pattern.compile("^Error: Unable to find a match: (.+)$");
    private static final Pattern NO_GROUP = Pattern.compile(
            "^(?:Module or Group '([^']+)' does not exist\\.|Warning: [Gg]roup (.+) does not exist\\.|No group (.+) available\\.?)$");
    private static final Pattern SCRIPTLET = Pattern.compile("^(?:warning|error): (%\\S+\\(.*\\) scriptlet failed.*)$");
    private static final Pattern SCRIPTLET_DNF = Pattern.compile("^Error in (\\S+) scriptlet in rpm package (\\S+)$");
    private static final Pattern INSTALL_COUNT = Pattern.compile(
            "^Install\\s+(\\d+)\\s+Packages?(?:\\s*\\(\\+(\\d+) Dependent packages?\\))?.*$");
    private static final Pattern REPO_FAILURE = Pattern.compile(
            "^(?:Error: )?(Failed to download metadata for repo '[^']*'|Cannot retrieve repository metadata.*)(?::.*)?$");
    private static final Pattern CURL = Pattern.compile("^(?:- )?(Curl error \\(\\d+\\): .*)$");
    private static final Pattern NO_KEYS = Pattern.compile("^You have enabled checking of packages via GPG keys.*");
    private static final Pattern PROBLEM_REPO = Pattern.compile("^Problem repository: \\[?([^\\]]+)\\]?$");
    private static final Pattern GPG = Pattern.compile(
            "(?i)(public key for .* is not installed|gpg check failed|the gpg keys listed for the .* are not correct|didn't install any keys)");

    private RpmOutput() {}

    /** How many packages the transaction installed, or -1 when the output does not say. */
    public static int installedCount(List<String> lines) {
        for (String l : lines) {
            Matcher m = INSTALL_COUNT.matcher(l.strip());
            if (m.matches()) {
                int n = Integer.parseInt(m.group(1));
                return m.group(2) != null ? n + Integer.parseInt(m.group(2)) : n;
            }
        }
        return -1;
    }

    /**
     * Why the run failed, in one line, or empty if it succeeded.
     *
     * @param tool {@code dnf} or {@code yum}, for the message
     */
    public static Optional<String> failure(String tool, int exitCode, boolean timedOut, List<String> lines) {
        if (timedOut) {
            return Optional.of(tool + " did not finish in time and was stopped");
        }
        Set<String> unknown = new LinkedHashSet<>();
        Set<String> unknownGroups = new LinkedHashSet<>();
        List<String> scriptlets = new ArrayList<>();
        List<String> dnfScriptlets = new ArrayList<>();
        boolean noKeys = false;
        String problemRepo = null;
        String repoFailure = null;
        String curl = null;
        String gpg = null;
        String lastError = null;
        for (String raw : lines) {
            String l = raw.strip();
            Matcher m;
            if ((m = NO_MATCH.matcher(l)).matches() || (m = NO_PACKAGE.matcher(l)).matches()) {
                unknown.add(m.group(1).strip());
            } else if ((m = UNABLE_TO_FIND.matcher(l)).matches()) {
                for (String p : m.group(1).trim().split("\\s+")) {
                    unknown.add(p);
                }
            } else if ((m = NO_GROUP.matcher(l)).matches()) {
                for (int g = 1; g <= 3; g++) {
                    if (m.group(g) != null) {
                        unknownGroups.add(m.group(g).strip());
                    }
                }
            } else if ((m = SCRIPTLET.matcher(l)).matches()) {
                scriptlets.add(m.group(1));
            } else if ((m = SCRIPTLET_DNF.matcher(l)).matches()) {
                dnfScriptlets.add(m.group(1).toLowerCase(java.util.Locale.ROOT) + " scriptlet of " + m.group(2) + " failed");
            } else if (NO_KEYS.matcher(l).matches()) {
                noKeys = true;
            } else if ((m = PROBLEM_REPO.matcher(l)).matches()) {
                problemRepo = m.group(1);
            } else if (repoFailure == null && (m = REPO_FAILURE.matcher(l)).matches()) {
                repoFailure = m.group(1);
            } else if (curl == null && (m = CURL.matcher(l)).matches()) {
                curl = m.group(1);
            }
            if (gpg == null && GPG.matcher(l).find()) {
                gpg = l;
            }
            if (l.startsWith("Error:") || l.startsWith("error:")) {
                lastError = l;
            }
        }
        // Packages and groups that do not exist are the user's first concern, whatever the exit status.
        if (!unknown.isEmpty()) {
            return Optional.of("unknown package" + (unknown.size() > 1 ? "s" : "") + ": " + String.join(", ", unknown));
        }
        if (!unknownGroups.isEmpty()) {
            return Optional.of("unknown group" + (unknownGroups.size() > 1 ? "s" : "") + ": " + String.join(", ", unknownGroups));
        }
        // rpm's own line has the exit status; dnf's (on its other output stream) only the package.
        List<String> failed = scriptlets.isEmpty() ? dnfScriptlets : scriptlets;
        if (!failed.isEmpty()) {
            return Optional.of("a package scriptlet failed: " + failed.get(0)
                    + (failed.size() > 1 ? " (and " + (failed.size() - 1) + " more; -v shows them)" : ""));
        }
        if (exitCode == 0) {
            return Optional.empty();
        }
        if (noKeys) {
            return Optional.of("signatures are checked for " + (problemRepo != null ? "repository " + problemRepo : "a remote repository")
                    + " but no key is known for it: give --nogpgcheck, or install the distribution's keys"
                    + " (/etc/pki/rpm-gpg; on Debian, the distribution-gpg-keys package)");
        }
        if (gpg != null) {
            return Optional.of(tool + ": " + gpg + " (give the distribution's keys, or --nogpgcheck to skip the check)");
        }
        if (repoFailure != null || curl != null) {
            return Optional.of("cannot fetch the repository: " + (repoFailure != null ? repoFailure : "")
                    + (repoFailure != null && curl != null ? ": " : "") + (curl != null ? curl : ""));
        }
        if (lastError != null) {
            return Optional.of(tool + " failed: " + lastError.replaceFirst("^[Ee]rror:\\s*", ""));
        }
        return Optional.of(tool + " failed with exit status " + exitCode);
    }
}
