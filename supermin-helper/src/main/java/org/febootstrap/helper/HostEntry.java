package org.febootstrap.helper;

import java.nio.file.Path;

/**
 * A file of this host as it goes into the appliance.
 *
 * @param name the archive name, relative ({@code lib/modules/6.1.0/modules.dep})
 * @param host where it is read from ({@code /lib/modules/6.1.0/modules.dep})
 * @param line the hostfiles line that named it, for messages; null for kernel modules
 */
record HostEntry(String name, Path host, String line) {}
