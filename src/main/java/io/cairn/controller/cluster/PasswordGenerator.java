package io.cairn.controller.cluster;

import java.security.SecureRandom;
import java.util.Random;

/** Random passwords for the generated Secrets: 32 characters of [A-Za-z0-9], from a SecureRandom. */
public final class PasswordGenerator {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private final Random random;

    public PasswordGenerator() {
        this(new SecureRandom());
    }

    /** With a seeded {@code random}: the same passwords every time, for tests whose output is compared as a whole. */
    PasswordGenerator(Random random) {
        this.random = random;
    }

    public String next() {
        StringBuilder password = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
