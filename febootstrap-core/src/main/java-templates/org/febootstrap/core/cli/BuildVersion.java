package org.febootstrap.core.cli;

/** Written by Maven from src/main/java-templates (resource filtering): the version built. */
final class BuildVersion {
    static final String VERSION = "${project.version}";

    private BuildVersion() {}
}
