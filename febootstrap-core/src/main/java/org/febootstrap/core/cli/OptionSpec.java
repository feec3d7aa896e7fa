package org.febootstrap.core.cli;

/**
 * One option as getopt_long(3) sees it.
 *
 * @param longName the name after {@code --}, or null when the option has only a short form
 * @param shortName the letter after {@code -}, or 0 when the option has only a long form
 * @param takesArgument whether the option requires a value ({@code -i v}, {@code -iv},
 *     {@code --opt=v}, {@code --opt v})
 */
public record OptionSpec(String longName, char shortName, boolean takesArgument) {
    public OptionSpec {
        if (longName == null && shortName == 0) {
            throw new IllegalArgumentException("an option needs a long or a short name");
        }
    }

    public static OptionSpec flag(String longName, char shortName) {
        return new OptionSpec(longName, shortName, false);
    }

    public static OptionSpec withArgument(String longName, char shortName) {
        return new OptionSpec(longName, shortName, true);
    }

    // equals, hashCode and toString written out: a record's own are bootstrapped through method
    // handles (ObjectMethods), which cost a cold JVM about 20 ms at the first comparison, more than
    // a whole --version run of a command otherwise takes.

    @Override
    public boolean equals(Object o) {
        return o instanceof OptionSpec s && s.shortName == shortName && s.takesArgument == takesArgument
                && (longName == null ? s.longName == null : longName.equals(s.longName));
    }

    @Override
    public int hashCode() {
        return (longName == null ? 0 : longName.hashCode()) * 31 * 31 + shortName * 31 + (takesArgument ? 1 : 0);
    }

    @Override
    public String toString() {
        return "OptionSpec[longName=" + longName + ", shortName=" + (shortName == 0 ? "" : String.valueOf(shortName))
                + ", takesArgument=" + takesArgument + "]";
    }

    /** The name as a user would read it in a message: {@code --install} or {@code -i}. */
    public String displayName() {
        return longName != null ? "--" + longName : "-" + shortName;
    }
}
