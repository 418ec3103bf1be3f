package dev.gameday.store.protocol;

import dev.gameday.store.api.placement.KeyPlacement;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Order-preserving, prefix-free byte encoding of key values: for two values of one type,
 * {@code Arrays.compareUnsigned(encode(a), encode(b))} has the sign of DynamoDB's comparison of a and b,
 * and no encoding is a prefix of another, so a partition key followed by a sort key sorts by partition
 * key first and keeps each partition key's items contiguous.
 *
 * <p>Strings and binary: bytes with 0x00 escaped as 0x00 0xFF, terminated by 0x00 0x01.
 * Numbers: a class byte (negative 0x01, zero 0x02, positive 0x03), then for non-zero values one exponent
 * byte and one byte per decimal digit of the mantissa 0.d1d2..dn x 10^E, then a terminator; for negative
 * numbers exponent and digits are inverted so that larger magnitudes sort first.
 */
final class KeyEncoding {
    private static final int NEGATIVE = 0x01;
    private static final int ZERO = 0x02;
    private static final int POSITIVE = 0x03;
    /** Mantissa exponents of valid DynamoDB numbers lie in [-129, 126]; this bias maps them onto one byte. */
    private static final int EXPONENT_BIAS = 129;

    private KeyEncoding() {}

    static void encode(AttributeValue value, ByteArrayOutputStream out) {
        if (value instanceof AttributeValue.S s) {
            KeyPlacement.encodeByteString(s.value().getBytes(java.nio.charset.StandardCharsets.UTF_8), out);
        } else if (value instanceof AttributeValue.B b) {
            KeyPlacement.encodeByteString(b.value().toByteArray(), out);
        } else if (value instanceof AttributeValue.N n) {
            encodeNumber(n.value(), out);
        } else {
            throw new IllegalArgumentException("not a key type: " + value.typeName());
        }
    }

    /** Decodes one value of the given type starting at position[0]; advances position[0] past it. */
    static AttributeValue decode(byte[] data, int[] position, ScalarType type) {
        return switch (type) {
            case S ->
                new AttributeValue.S(new String(decodeBytes(data, position), java.nio.charset.StandardCharsets.UTF_8));
            case B -> new AttributeValue.B(Binary.of(decodeBytes(data, position)));
            case N -> new AttributeValue.N(decodeNumber(data, position));
        };
    }

    private static byte[] decodeBytes(byte[] data, int[] position) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = position[0];
        while (true) {
            require(data, i + 1);
            int b = data[i] & 0xFF;
            if (b != 0) {
                out.write(b);
                i++;
                continue;
            }
            require(data, i + 2);
            int next = data[i + 1] & 0xFF;
            i += 2;
            if (next == 0x01) {
                position[0] = i;
                return out.toByteArray();
            }
            if (next != 0xFF) {
                throw new IllegalArgumentException(
                        "bad escape 0x00 0x" + Integer.toHexString(next) + " in storage key");
            }
            out.write(0);
        }
    }

    private static void encodeNumber(BigDecimal value, ByteArrayOutputStream out) {
        BigDecimal n = Numbers.check(value);
        if (n.signum() == 0) {
            out.write(ZERO);
            return;
        }
        String digits = n.unscaledValue().abs().toString();
        int exponent = digits.length() - n.scale(); // n = 0.digits x 10^exponent
        boolean negative = n.signum() < 0;
        out.write(negative ? NEGATIVE : POSITIVE);
        int biased = exponent + EXPONENT_BIAS;
        out.write(negative ? 0xFF - biased : biased);
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(i) - '0';
            // Digit bytes 1..10 (positive) or 254-d (negative) leave room for a terminator below/above them all.
            out.write(negative ? 0xFE - d : d + 1);
        }
        out.write(negative ? 0xFF : 0x00);
    }

    private static BigDecimal decodeNumber(byte[] data, int[] position) {
        int i = position[0];
        require(data, i + 1);
        int cls = data[i++] & 0xFF;
        if (cls == ZERO) {
            position[0] = i;
            return BigDecimal.ZERO;
        }
        if (cls != NEGATIVE && cls != POSITIVE) {
            throw new IllegalArgumentException("bad number class byte " + cls + " in storage key");
        }
        boolean negative = cls == NEGATIVE;
        require(data, i + 1);
        int biased = data[i++] & 0xFF;
        int exponent = (negative ? 0xFF - biased : biased) - EXPONENT_BIAS;
        StringBuilder digits = new StringBuilder();
        int terminator = negative ? 0xFF : 0x00;
        while (true) {
            require(data, i + 1);
            int b = data[i++] & 0xFF;
            if (b == terminator) {
                break;
            }
            digits.append((char) ('0' + (negative ? 0xFE - b : b - 1)));
        }
        position[0] = i;
        BigInteger unscaled = new BigInteger(digits.toString());
        BigDecimal magnitude = new BigDecimal(unscaled, digits.length() - exponent);
        return negative ? magnitude.negate() : magnitude;
    }

    private static void require(byte[] data, int length) {
        if (length > data.length) {
            throw new IllegalArgumentException("truncated storage key");
        }
    }
}
