package dev.gameday.store.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gameday.store.protocol.expression.Values;
import org.junit.jupiter.api.Test;

class NumbersTest {
    @Test
    void equalNumbersHaveOneRepresentation() {
        assertEquals(AttributeValue.N.of("1"), AttributeValue.N.of("1.000"));
        assertEquals(AttributeValue.N.of("100"), AttributeValue.N.of("1E+2"));
        assertEquals(AttributeValue.N.of("0"), AttributeValue.N.of("-0.000"));
        assertEquals("100", Numbers.toWire(AttributeValue.N.of("1E2").value()));
        assertEquals("0.0012", Numbers.toWire(AttributeValue.N.of("00012E-4").value()));
        assertNotEquals(AttributeValue.N.of("1"), AttributeValue.N.of("1.0000000000000000000000000000000000001"));
    }

    @Test
    void numbersCompareNumericallyNotTextually() {
        assertEquals(
                -1,
                Integer.signum(Values.compare(AttributeValue.N.of("9"), AttributeValue.N.of("10"))
                        .getAsInt()));
        assertEquals(
                1,
                Integer.signum(Values.compare(AttributeValue.N.of("-9"), AttributeValue.N.of("-10"))
                        .getAsInt()));
        assertEquals(
                0,
                Values.compare(AttributeValue.N.of("2.50"), AttributeValue.N.of("2.5"))
                        .getAsInt());
    }

    @Test
    void limitsMatchDynamoDb() {
        AttributeValue.N.of("12345678901234567890123456789012345678"); // 38 digits: fine
        AttributeValue.N.of("1234567890123456789012345678901234567800000"); // trailing zeros do not count
        assertEquals(
                "Attempting to store more than 38 significant digits in a Number",
                assertThrows(
                                DynamoException.class,
                                () -> AttributeValue.N.of("123456789012345678901234567890123456789"))
                        .getMessage());
        AttributeValue.N.of("9.9999999999999999999999999999999999999E+125");
        AttributeValue.N.of("1E-130");
        assertThrows(DynamoException.class, () -> AttributeValue.N.of("1E+126"));
        assertThrows(DynamoException.class, () -> AttributeValue.N.of("1E-131"));
        assertEquals(
                "A value provided cannot be converted into a number",
                assertThrows(DynamoException.class, () -> AttributeValue.N.of("12abc"))
                        .getMessage());
        assertThrows(DynamoException.class, () -> AttributeValue.N.of(""));
    }
}
