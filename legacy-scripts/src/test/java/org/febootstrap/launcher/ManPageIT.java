package org.febootstrap.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One section 8 page per command, well-formed, rendering without warnings, true to the options. */
class ManPageIT {
    @TempDir
    Path tmp;

    /** What each page's SYNOPSIS must show (as rendered text), from the commands' specification. */
    static final Map<String, List<String>> SYNOPSIS = Map.of(
            "febootstrap", List.of("[-i PKG]...", "[-g GROUP]...", "[-p PROXY]", "[-u UPDATES]", "[--no-clean]",
                    "[--nogpgcheck]", "[--force]", "[-v]", "[REPO] TARGET [MIRROR]"),
            "febootstrap-run", List.of("[--ro] DIR [--] [CMD [ARG]...]"),
            "febootstrap-install", List.of("ROOT LOCALFILE TARGETPATH MODE OWNER[.GROUP]"),
            "febootstrap-minimize", List.of("[--all|--none]", "[--keep-X|--drop-X]...", "[--dedupe]", "[--dry-run] DIR"),
            "febootstrap-to-initramfs", List.of("[--files=LIST]", "[--nocompress]", "[--compress=gzip|xz|none]",
                    "[-o FILE] DIR > initrd.img"),
            "febootstrap-to-supermin", List.of("DIR supermin.img hostfiles.txt"),
            "febootstrap-supermin-helper", List.of("[-f cpio|ext2|checksum]", "[-k KMODS]", "[-u USER]", "[-g GROUP]",
                    "[-v]...", "[--copy-kernel]", "[--if-newer]", "[--lock FILE]", "[--strict]",
                    "INPUT... [HOST_CPU] KERNEL INITRD [APPLIANCE]"));

    static List<String> commands() {
        return List.copyOf(Dist.COMMANDS.keySet());
    }

    private static Path page(String command) {
        return Dist.home().resolve("share/man/man8/" + command + ".8");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void pageIsWellFormed(String command) throws Exception {
        Path page = page(command);
        assertTrue(Files.isRegularFile(page), page + " exists");
        String roff = Files.readString(page);
        Matcher th = Pattern.compile("(?m)^\\.TH (\\S+) (\\S+) \"[^\"]+\" \"febootstrap ([^\"]+)\"").matcher(roff);
        assertTrue(th.find(), ".TH line");
        assertEquals(command.toUpperCase().replace("-", "\\-"), th.group(1));
        assertEquals("8", th.group(2));
        assertEquals(Dist.version(), th.group(3));
        for (String section : List.of("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "ENVIRONMENT",
                "FILES", "SEE ALSO")) {
            assertTrue(roff.contains("\n.SH " + section + "\n"), command + ": section " + section);
        }
        assertTrue(roff.contains("\n.SH NAME\n" + command.replace("-", "\\-") + " \\- "), command + ": NAME line");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void pageRendersWithoutWarningsAndShowsTheOptions(String command) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/groff")), "groff is installed");
        Path page = page(command);
        Dist.Result lint = new Dist.Run(Path.of("/usr/bin/groff"), "-man", "-Tutf8", "-ww", "-z", page.toString())
                .run(tmp);
        assertEquals(new Dist.Result(0, "", ""), lint, "groff -ww warnings");

        Dist.Result text = new Dist.Run(Path.of("/usr/bin/groff"), "-man", "-Tascii", "-P", "-cbou",
                "-rLL=200n", page.toString()).run(tmp);
        assertEquals(0, text.status(), text::toString);
        String rendered = text.out().replaceAll("[ \\t]+", " ");
        String synopsis = rendered.substring(rendered.indexOf("SYNOPSIS"), rendered.indexOf("DESCRIPTION"));
        for (String expected : SYNOPSIS.get(command)) {
            assertTrue(synopsis.contains(expected), () -> command + ": '" + expected + "' in\n" + synopsis);
        }
        assertTrue(synopsis.contains(command + " --help | --version"), synopsis);
        for (String status : List.of(" 0 ", " 1 ", " 2 ")) {
            String exit = rendered.substring(rendered.indexOf("EXIT STATUS"), rendered.indexOf("ENVIRONMENT"));
            assertTrue(exit.replace("\n", " ").contains(status) || command.equals("febootstrap-run"), exit);
        }
        if (!command.equals("febootstrap-supermin-helper")) {
            assertTrue(rendered.contains("fakeroot.log"), command + " mentions fakeroot.log");
        }
        if (Files.isExecutable(Path.of("/usr/bin/man"))) {
            Dist.Result man = new Dist.Run(Path.of("/usr/bin/man"), "--warnings", "-l", page.toString())
                    .env("MANPAGER", "cat").env("MANWIDTH", "80").run(tmp);
            assertEquals(0, man.status(), man::toString);
            assertEquals("", man.err(), "man -l warnings");
        }
        if (Files.isExecutable(Path.of("/usr/bin/lexgrog"))) {
            Dist.Result whatis = new Dist.Run(Path.of("/usr/bin/lexgrog"), page.toString()).run(tmp);
            assertEquals(0, whatis.status(), whatis::toString);
            assertTrue(whatis.out().contains("\"" + command + " - "), whatis::toString);
        }
    }

    @ParameterizedTest
    @MethodSource("commands")
    void minimizeAndHelperPagesNameEveryCategoryAndVariable(String command) throws Exception {
        String roff = Files.readString(page(command)).replace("\\-", "-");
        if (command.equals("febootstrap-minimize")) {
            for (String category : List.of("locales", "docs", "cracklib", "i18n", "zoneinfo", "rpmdb", "yum-cache",
                    "services", "sln", "ldconfig", "dpkgdb", "apt-cache", "logs", "--pack-executables")) {
                assertTrue(roff.contains("\n.B " + category + "\n"), category);
            }
        }
        if (command.equals("febootstrap-supermin-helper")) {
            for (String var : List.of("SUPERMIN_KERNEL", "SUPERMIN_KERNEL_VERSION", "SUPERMIN_MODULES")) {
                assertTrue(roff.contains("\n.B " + var + "\n"), var);
            }
        }
        for (String var : List.of("JAVA_HOME", "FEBOOTSTRAP_JAVA_OPTS", "FEBOOTSTRAP_NO_CDS", "FEBOOTSTRAP_CDS_ASLR")) {
            assertTrue(roff.contains("\n.B " + var + "\n"), var);
        }
    }
}
