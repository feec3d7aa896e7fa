package org.febootstrap.helper;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import org.febootstrap.core.root.Root;

/**
 * -u USER and -g GROUP: who owns the outputs. 2.11 switched to that user and group before
 * writing; a JVM cannot change its own uid, so the outputs (and the kernel symlink itself) are
 * given to them before they are renamed into place, which leaves the same files behind. Only
 * root may do that: anyone else gets a clear error up front.
 */
final class OutputOwner {
    static final OutputOwner NONE = new OutputOwner(null, null, null, null);

    private final String user;
    private final String group;
    private final UserPrincipal userPrincipal;
    private final GroupPrincipal groupPrincipal;

    private OutputOwner(String user, String group, UserPrincipal u, GroupPrincipal g) {
        this.user = user;
        this.group = group;
        this.userPrincipal = u;
        this.groupPrincipal = g;
    }

    /** Looks the names (or numbers) up now, so a wrong one fails before anything is built. */
    static OutputOwner of(String user, String group) throws IOException {
        if (user == null && group == null) {
            return NONE;
        }
        if (!Root.runningAsRoot()) {
            throw new IOException((user != null ? "-u " + user : "-g " + group)
                    + ": only root can give the outputs to another user or group (run without -u/-g)");
        }
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        UserPrincipal u = null;
        GroupPrincipal g = null;
        try {
            if (user != null) {
                u = lookup.lookupPrincipalByName(user);
            }
        } catch (UserPrincipalNotFoundException e) {
            throw new IOException("-u " + user + ": no such user");
        }
        try {
            if (group != null) {
                g = lookup.lookupPrincipalByGroupName(group);
            }
        } catch (UserPrincipalNotFoundException e) {
            throw new IOException("-g " + group + ": no such group");
        }
        return new OutputOwner(user, group, u, g);
    }

    /** What the checksum records: the outputs of a build for another user differ in owner. */
    String describe() {
        return (user == null ? "" : user) + ":" + (group == null ? "" : group);
    }

    /** Gives the file (a symlink itself, not its target) to the user and group. */
    void apply(Path p) throws IOException {
        if (userPrincipal == null && groupPrincipal == null) {
            return;
        }
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (userPrincipal != null) {
            view.setOwner(userPrincipal);
        }
        if (groupPrincipal != null) {
            view.setGroup(groupPrincipal);
        }
    }
}
