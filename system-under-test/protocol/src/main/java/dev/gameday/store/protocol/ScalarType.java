package dev.gameday.store.protocol;

/** The attribute types a key attribute may have (AttributeDefinitions' AttributeType). */
public enum ScalarType {
    S,
    N,
    B;

    /** Parses an AttributeType; bad input is a ValidationException naming the value. */
    public static ScalarType parse(String type, String attributeName) {
        for (ScalarType t : values()) {
            if (t.name().equals(type)) {
                return t;
            }
        }
        throw DynamoException.validation("1 validation error detected: Value '" + type
                + "' at 'attributeDefinitions." + attributeName + ".attributeType' failed to satisfy constraint: "
                + "Member must satisfy enum value set: [B, N, S]");
    }
}
