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

    /** The name as a user would read it in a message: {@code --install} or {@code -i}. */
    public String displayName() {
        return longName != null ? "--" + longName : "-" + shortName;
    }
}
