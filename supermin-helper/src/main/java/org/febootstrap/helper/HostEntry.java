package org.febootstrap.helper;

import java.nio.file.Path;

/**
 * A file of this host as it goes into the appliance.
 *
 * @param name the archive name, relative ({@code lib/modules/6.1.0/modules.dep})
 * @param host where it is read from ({@code /lib/modules/6.1.0/modules.dep})
 */
record HostEntry(String name, Path host) {}
