package dev.gameday.store.protocol;

import java.math.BigDecimal;

/**
 * DynamoDB's number rules: up to 38 significant digits, magnitude between 1E-130 and 9.99..E+125,
 * compared numerically; "1.0", "1" and "1E0" are the same number. Values are kept with trailing
 * zeros stripped, so equal numbers have equal representations.
 */
public final class Numbers {
    static final int MAX_PRECISION = 38;
    private static final int MAX_EXPONENT = 125;
    private static final int MIN_EXPONENT = -130;

    private Numbers() {}

    /** Parses and normalises a wire number; bad input is a ValidationException worded as DynamoDB words it. */
    public static BigDecimal parse(String text) {
        BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw DynamoException.validation("A value provided cannot be converted into a number");
        }
        if (text.isBlank()) {
            throw DynamoException.validation("A value provided cannot be converted into a number");
        }
        return check(value);
    }

    /** Normalises a computed value (e.g. the result of SET a = a + :n) and applies the same limits. */
    public static BigDecimal check(BigDecimal value) {
        BigDecimal normalized = value.stripTrailingZeros();
        if (normalized.signum() == 0) {
            return BigDecimal.ZERO;
        }
        if (normalized.precision() > MAX_PRECISION) {
            throw DynamoException.validation("Attempting to store more than 38 significant digits in a Number");
        }
        int exponent = normalized.precision() - normalized.scale() - 1;
        if (exponent > MAX_EXPONENT) {
            throw DynamoException.validation(
                    "Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (exponent < MIN_EXPONENT) {
            throw DynamoException.validation(
                    "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        return normalized;
    }

    /** The wire form DynamoDB returns: plain digits, no exponent. */
    public static String toWire(BigDecimal value) {
        return value.toPlainString();
    }
}
