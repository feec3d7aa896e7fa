package org.febootstrap.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.febootstrap.core.util.ExternalCommand;
import org.junit.jupiter.api.Test;

class ArchTest {

    @Test
    void javaNamesBecomeUnameNames() {
        assertEquals("x86_64", Arch.fromOsArch("amd64").name());
        assertEquals("x86_64", Arch.fromOsArch("x86_64").name());
        assertEquals("i686", Arch.fromOsArch("i386").name());
        assertEquals("i686", Arch.fromOsArch("x86").name());
        assertEquals("aarch64", Arch.fromOsArch("aarch64").name());
        assertEquals("aarch64", Arch.fromOsArch("arm64").name());
        assertEquals("armv7l", Arch.fromOsArch("arm").name());
        assertEquals("ppc64le", Arch.fromOsArch("ppc64le").name());
        assertEquals("s390x", Arch.fromOsArch("s390x").name());
        assertEquals("riscv64", Arch.fromOsArch("riscv64").name());
        assertEquals("loongarch64", Arch.fromOsArch("loongarch64").name());
        assertEquals("mips64", Arch.fromOsArch("mips64el").name());
        assertEquals("sparc64", Arch.fromOsArch("sparcv9").name());
        assertThrows(IllegalArgumentException.class, () -> Arch.fromOsArch(""));
        assertThrows(IllegalArgumentException.class, () -> new Arch(""));
    }

    @Test
    void hostArchIsWhatUnameSays() {
        assumeTrue(ExternalCommand.onPath("uname"));
        String uname = ExternalCommand.run(List.of(), "uname", "-m").get(0);
        assertEquals(uname, Arch.host().name());
        assertTrue(Arch.isArchName(Arch.host().name()));
    }

    @Test
    void archNames() {
        for (String name : List.of("x86_64", "i386", "i486", "i586", "i686", "aarch64", "arm", "armv6l",
                "armv7l", "armv7hl", "armv5tel", "ppc", "ppc64", "ppc64le", "s390", "s390x", "riscv64", "mips",
                "mips64", "sparc64", "alpha", "ia64", "loongarch64")) {
            assertTrue(Arch.isArchName(name), name);
        }
        for (String name : List.of("", "amd64x", "armv", "armvl", "armv7L", "x86", "noarch", "1.2.3", "el9", "fc39")) {
            assertFalse(Arch.isArchName(name), name);
        }
    }

    @Test
    void kernelNameHintsIncludeDistributionSpellings() {
        assertEquals(List.of("x86_64", "amd64"), new Arch("x86_64").kernelNameHints());
        assertEquals(List.of("aarch64", "arm64"), new Arch("aarch64").kernelNameHints());
        assertTrue(new Arch("i686").kernelNameHints().contains("686"));
        assertEquals(List.of("s390x"), new Arch("s390x").kernelNameHints());
        assertEquals("x86_64", new Arch("x86_64").toString());
    }
}
