package dev.gameday.store.protocol.expression;

import dev.gameday.store.protocol.DynamoException;

/** ValidationExceptions for expressions, worded like DynamoDB's ("Invalid ConditionExpression: ..."). */
final class ExpressionErrors {
    private ExpressionErrors() {}

    static DynamoException invalid(String kind, String detail) {
        return DynamoException.validation("Invalid " + kind + ": " + detail);
    }

    static DynamoException syntax(String kind, String token, String near) {
        return invalid(kind, "Syntax error; token: \"" + token + "\", near: \"" + near + "\"");
    }
}
