package org.febootstrap.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OsReleaseTest {
    @Test
    void debian() {
        OsRelease os = OsRelease.parse("""
                PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
                NAME="Debian GNU/Linux"
                VERSION_ID="12"
                VERSION_CODENAME=bookworm
                ID=debian
                """);
        assertEquals("debian", os.id());
        assertEquals(Optional.of("12"), os.versionId());
        assertEquals(Optional.of("bookworm"), os.versionCodename());
        assertTrue(os.isDebianFamily());
        assertFalse(os.isFedoraFamily());
    }

    @Test
    void idLikeAndQuoting() {
        OsRelease os = OsRelease.parse("# comment\nID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID='9.4'\nNAME=\"A \\\"quoted\\\" name\"\n");
        assertEquals("rocky", os.id());
        assertEquals(List.of("rhel", "centos", "fedora"), os.idLike());
        assertEquals(Optional.of("9.4"), os.versionId());
        assertEquals(Optional.of("A \"quoted\" name"), os.get("NAME"));
        assertTrue(os.isFedoraFamily());
        assertTrue(os.isLike("rhel"));
        assertFalse(os.isDebianFamily());
    }

    @Test
    void ubuntuIsDebianFamilyAndEmptyIsLinux() {
        assertTrue(OsRelease.parse("ID=ubuntu\nID_LIKE=debian\n").isDebianFamily());
        OsRelease none = OsRelease.parse("");
        assertEquals("linux", none.id());
        assertEquals(Optional.empty(), none.versionId());
    }

    @Test
    void theHostHasOne() throws Exception {
        // Every supported build host has /etc/os-release; its ID is never empty.
        assertFalse(OsRelease.host().id().isEmpty());
    }
}
