package dev.gameday.store.protocol.expression;

import java.util.ArrayList;
import java.util.List;

/** Splits an expression into tokens; an unexpected character is a syntax error naming it. */
final class Lexer {
    private Lexer() {}

    static List<Token> tokenize(String text, String kind) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#' || c == ':') {
                int end = wordEnd(text, i + 1);
                if (end == i + 1) {
                    throw ExpressionErrors.syntax(
                            kind, String.valueOf(c), text.substring(i, Math.min(text.length(), i + 2)));
                }
                tokens.add(new Token(c == '#' ? Token.Kind.NAME_REF : Token.Kind.VALUE_REF, text.substring(i, end), i));
                i = end;
            } else if (Character.isDigit(c)) {
                int end = i;
                while (end < text.length() && Character.isDigit(text.charAt(end))) {
                    end++;
                }
                tokens.add(new Token(Token.Kind.INTEGER, text.substring(i, end), i));
                i = end;
            } else if (isWordChar(c)) {
                int end = wordEnd(text, i);
                tokens.add(new Token(Token.Kind.WORD, text.substring(i, end), i));
                i = end;
            } else if (text.startsWith("<>", i) || text.startsWith("<=", i) || text.startsWith(">=", i)) {
                tokens.add(new Token(Token.Kind.SYMBOL, text.substring(i, i + 2), i));
                i += 2;
            } else if ("()[],.=<>+-".indexOf(c) >= 0) {
                tokens.add(new Token(Token.Kind.SYMBOL, String.valueOf(c), i));
                i++;
            } else {
                throw ExpressionErrors.syntax(
                        kind, String.valueOf(c), text.substring(i, Math.min(text.length(), i + 3)));
            }
        }
        tokens.add(new Token(Token.Kind.END, "", text.length()));
        return tokens;
    }

    private static int wordEnd(String text, int from) {
        int end = from;
        while (end < text.length() && isWordChar(text.charAt(end))) {
            end++;
        }
        return end;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
