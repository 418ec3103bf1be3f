package dev.gameday.store.protocol.expression;

/** One lexical token of a DynamoDB expression. */
record Token(Kind kind, String text, int position) {
    enum Kind {
        /** A bare word: attribute name, keyword (AND, SET, ...) or function name. */
        WORD,
        /** {@code #name} placeholder from ExpressionAttributeNames. */
        NAME_REF,
        /** {@code :value} placeholder from ExpressionAttributeValues. */
        VALUE_REF,
        /** Digits, used as list index inside brackets. */
        INTEGER,
        /** Punctuation and comparators: ( ) [ ] , . = <> < <= > >= + - */
        SYMBOL,
        END
    }

    boolean is(String symbolOrKeyword) {
        return (kind == Kind.SYMBOL && text.equals(symbolOrKeyword))
                || (kind == Kind.WORD && text.equalsIgnoreCase(symbolOrKeyword));
    }

    String display() {
        return kind == Kind.END ? "<EOF>" : text;
    }
}
