package org.febootstrap.core.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an {@code int} option field that counts how often its flag was given ({@code -v -v},
 * {@code -vv}). JCommander alone would toggle a repeated boolean back to false.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Counted {}
