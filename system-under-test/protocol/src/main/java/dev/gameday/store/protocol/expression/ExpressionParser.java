package dev.gameday.store.protocol.expression;

import dev.gameday.store.protocol.AttributeValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent parser for DynamoDB's expression languages. Precedence, lowest first:
 * OR, AND, NOT, then comparisons / BETWEEN / IN / functions, with parentheses overriding.
 * Placeholders are resolved while parsing, so errors name the undefined {@code #name} or {@code :value}.
 */
public final class ExpressionParser {
    private static final Set<String> VALID_TYPES = Set.of("S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS");
    /** Words that end a path or start a clause; they cannot be attribute names without a #placeholder. */
    private static final Set<String> KEYWORDS =
            Set.of("AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE");

    private static final Set<String> UPDATE_CLAUSES = Set.of("SET", "REMOVE", "ADD", "DELETE");
    private static final Set<String> CONDITION_FUNCTIONS =
            Set.of("attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains");

    private final String text;
    private final String kind;
    private final ExpressionContext context;
    private final List<Token> tokens;
    private int position;

    private ExpressionParser(String text, String kind, ExpressionContext context) {
        this.text = text;
        this.kind = kind;
        this.context = context;
        if (text.isBlank()) {
            throw ExpressionErrors.invalid(kind, "The expression can not be empty;");
        }
        this.tokens = Lexer.tokenize(text, kind);
    }

    /** Parses a ConditionExpression, FilterExpression or KeyConditionExpression ({@code kind} names it in errors). */
    public static Condition condition(String text, String kind, ExpressionContext context) {
        ExpressionParser parser = new ExpressionParser(text, kind, context);
        Condition condition = parser.orCondition();
        parser.expectEnd();
        return condition;
    }

    public static UpdateExpression update(String text, ExpressionContext context) {
        ExpressionParser parser = new ExpressionParser(text, "UpdateExpression", context);
        UpdateExpression update = parser.updateClauses();
        parser.requireDisjoint(update.paths());
        return update;
    }

    public static List<Path> projection(String text, ExpressionContext context) {
        ExpressionParser parser = new ExpressionParser(text, "ProjectionExpression", context);
        List<Path> paths = new ArrayList<>();
        do {
            paths.add(parser.path());
        } while (parser.accept(","));
        parser.expectEnd();
        parser.requireDisjoint(paths);
        return paths;
    }

    // ---- conditions ----

    private Condition orCondition() {
        Condition left = andCondition();
        while (acceptKeyword("OR")) {
            left = new Condition.Or(left, andCondition());
        }
        return left;
    }

    private Condition andCondition() {
        Condition left = notCondition();
        while (acceptKeyword("AND")) {
            left = new Condition.And(left, notCondition());
        }
        return left;
    }

    private Condition notCondition() {
        if (acceptKeyword("NOT")) {
            return new Condition.Not(notCondition());
        }
        return primaryCondition();
    }

    private Condition primaryCondition() {
        if (accept("(")) {
            Condition inner = orCondition();
            expect(")");
            return inner;
        }
        Token t = peek();
        if (t.kind() == Token.Kind.WORD && peekAt(1).is("(") && CONDITION_FUNCTIONS.contains(t.text())) {
            return conditionFunction();
        }
        Operand left = conditionOperand();
        if (acceptKeyword("BETWEEN")) {
            Operand low = conditionOperand();
            expectKeyword("AND");
            return new Condition.Between(left, low, conditionOperand());
        }
        if (acceptKeyword("IN")) {
            expect("(");
            List<Operand> candidates = new ArrayList<>();
            do {
                candidates.add(conditionOperand());
            } while (accept(","));
            expect(")");
            return new Condition.In(left, candidates);
        }
        Condition.Comparator comparator = Condition.Comparator.of(peek()).orElseThrow(this::syntaxError);
        position++;
        return new Condition.Comparison(comparator, left, conditionOperand());
    }

    private Condition conditionFunction() {
        String function = next().text();
        expect("(");
        Condition result = switch (function) {
            case "attribute_exists" -> new Condition.AttributeExists(path());
            case "attribute_not_exists" -> new Condition.AttributeNotExists(path());
            case "attribute_type" -> {
                Path path = path();
                expect(",");
                yield new Condition.AttributeType(path, typeName(conditionOperand()));
            }
            case "begins_with" -> {
                Operand value = conditionOperand();
                expect(",");
                yield new Condition.BeginsWith(value, requireStringOrBinary(conditionOperand(), function));
            }
            default -> { // contains
                Operand container = conditionOperand();
                expect(",");
                yield new Condition.Contains(container, conditionOperand());
            }
        };
        expect(")");
        return result;
    }

    private String typeName(Operand operand) {
        if (operand instanceof Operand.Literal l
                && l.value() instanceof AttributeValue.S s
                && VALID_TYPES.contains(s.value())) {
            return s.value();
        }
        String found =
                operand instanceof Operand.Literal l && l.value() instanceof AttributeValue.S s ? s.value() : "?";
        throw ExpressionErrors.invalid(
                kind,
                "Invalid attribute type name found; type: " + found + ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
    }

    private Operand requireStringOrBinary(Operand operand, String function) {
        if (operand instanceof Operand.Literal l
                && !(l.value() instanceof AttributeValue.S || l.value() instanceof AttributeValue.B)) {
            throw ExpressionErrors.invalid(
                    kind,
                    "Incorrect operand type for operator or function; operator or function: " + function
                            + ", operand type: " + l.value().typeName());
        }
        return operand;
    }

    /** A path, a :value, or size(path). */
    private Operand conditionOperand() {
        Token t = peek();
        if (t.kind() == Token.Kind.VALUE_REF) {
            position++;
            return new Operand.Literal(context.resolveValue(t.text(), kind));
        }
        if (t.kind() == Token.Kind.WORD && peekAt(1).is("(")) {
            position++;
            if (!t.text().equals("size")) {
                throw functionMisuse(t.text());
            }
            expect("(");
            Path path = path();
            expect(")");
            return new Operand.Size(path);
        }
        return new Operand.PathOperand(path());
    }

    private RuntimeException functionMisuse(String function) {
        if (CONDITION_FUNCTIONS.contains(function)) {
            return ExpressionErrors.invalid(
                    kind, "The function is not allowed to be used this way in an expression; function: " + function);
        }
        if (function.equals("if_not_exists") || function.equals("list_append")) {
            return ExpressionErrors.invalid(
                    kind, "The function is not allowed in a condition expression; function: " + function);
        }
        return ExpressionErrors.invalid(kind, "Invalid function name; function: " + function);
    }

    // ---- update expressions ----

    private UpdateExpression updateClauses() {
        List<UpdateExpression.SetAction> sets = new ArrayList<>();
        List<Path> removes = new ArrayList<>();
        List<UpdateExpression.ValueAction> adds = new ArrayList<>();
        List<UpdateExpression.ValueAction> deletes = new ArrayList<>();
        Set<String> seenClauses = new LinkedHashSet<>();
        while (peek().kind() != Token.Kind.END) {
            Token clause = next();
            String keyword = clause.text().toUpperCase(Locale.ROOT);
            if (clause.kind() != Token.Kind.WORD || !UPDATE_CLAUSES.contains(keyword)) {
                position--;
                throw syntaxError();
            }
            if (!seenClauses.add(keyword)) {
                throw ExpressionErrors.invalid(
                        kind, "The \"" + keyword + "\" section can only be used once in an update" + " expression;");
            }
            do {
                switch (keyword) {
                    case "SET" -> {
                        Path path = path();
                        expect("=");
                        sets.add(new UpdateExpression.SetAction(path, setValue()));
                    }
                    case "REMOVE" -> removes.add(path());
                    case "ADD" -> adds.add(valueAction(keyword, true));
                    default -> deletes.add(valueAction(keyword, false));
                }
            } while (accept(","));
        }
        return new UpdateExpression(sets, removes, adds, deletes);
    }

    private UpdateExpression.ValueAction valueAction(String keyword, boolean numbersAllowed) {
        Path path = path();
        Token t = peek();
        if (t.kind() != Token.Kind.VALUE_REF) {
            throw syntaxError();
        }
        position++;
        AttributeValue value = context.resolveValue(t.text(), kind);
        boolean isSet = value instanceof AttributeValue.SS
                || value instanceof AttributeValue.NS
                || value instanceof AttributeValue.BS;
        if (!isSet && !(numbersAllowed && value instanceof AttributeValue.N)) {
            throw ExpressionErrors.invalid(
                    kind,
                    "Incorrect operand type for operator or function; operator: " + keyword + ", operand type: "
                            + Values.longTypeName(value));
        }
        return new UpdateExpression.ValueAction(path, value);
    }

    private Operand setValue() {
        Operand left = setOperand();
        if (accept("+")) {
            return new Operand.Arithmetic(left, true, setOperand());
        }
        if (accept("-")) {
            return new Operand.Arithmetic(left, false, setOperand());
        }
        return left;
    }

    private Operand setOperand() {
        Token t = peek();
        if (t.kind() == Token.Kind.VALUE_REF) {
            position++;
            return new Operand.Literal(context.resolveValue(t.text(), kind));
        }
        if (t.kind() == Token.Kind.WORD && peekAt(1).is("(")) {
            position += 2;
            Operand result = switch (t.text()) {
                case "if_not_exists" -> {
                    Path path = path();
                    expect(",");
                    yield new Operand.IfNotExists(path, setOperand());
                }
                case "list_append" -> {
                    Operand first = setOperand();
                    expect(",");
                    yield new Operand.ListAppend(first, setOperand());
                }
                default ->
                    throw t.text().equals("size") || CONDITION_FUNCTIONS.contains(t.text())
                            ? ExpressionErrors.invalid(
                                    kind, "The function is not allowed in an update expression; function: " + t.text())
                            : ExpressionErrors.invalid(kind, "Invalid function name; function: " + t.text());
            };
            expect(")");
            return result;
        }
        return new Operand.PathOperand(path());
    }

    // ---- paths ----

    private Path path() {
        List<Path.Element> elements = new ArrayList<>();
        elements.add(new Path.Name(pathName()));
        while (true) {
            if (accept(".")) {
                elements.add(new Path.Name(pathName()));
            } else if (accept("[")) {
                Token index = next();
                if (index.kind() != Token.Kind.INTEGER) {
                    position--;
                    throw syntaxError();
                }
                elements.add(new Path.Index(Integer.parseInt(index.text())));
                expect("]");
            } else {
                return new Path(elements);
            }
        }
    }

    private String pathName() {
        Token t = next();
        if (t.kind() == Token.Kind.NAME_REF) {
            return context.resolveName(t.text(), kind);
        }
        if (t.kind() == Token.Kind.WORD && !isKeyword(t.text())) {
            return t.text();
        }
        position--;
        throw syntaxError();
    }

    private static boolean isKeyword(String word) {
        return KEYWORDS.contains(word.toUpperCase(Locale.ROOT));
    }

    private void requireDisjoint(List<Path> paths) {
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                if (paths.get(i).overlaps(paths.get(j))) {
                    throw ExpressionErrors.invalid(
                            kind,
                            "Two document paths overlap with each other; must remove or rewrite"
                                    + " one of these paths; path one: " + describe(paths.get(i)) + ", path two: "
                                    + describe(paths.get(j)));
                }
            }
        }
    }

    private static String describe(Path path) {
        List<String> parts = new ArrayList<>();
        for (Path.Element e : path.elements()) {
            parts.add(e instanceof Path.Name n ? n.name() : "[" + ((Path.Index) e).index() + "]");
        }
        return "[" + String.join(", ", parts) + "]";
    }

    // ---- token helpers ----

    private Token peek() {
        return tokens.get(position);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(position + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = peek();
        if (t.kind() == Token.Kind.END) {
            throw syntaxError();
        }
        position++;
        return t;
    }

    private boolean accept(String symbol) {
        if (peek().kind() == Token.Kind.SYMBOL && peek().text().equals(symbol)) {
            position++;
            return true;
        }
        return false;
    }

    private boolean acceptKeyword(String keyword) {
        if (peek().kind() == Token.Kind.WORD && peek().text().equalsIgnoreCase(keyword)) {
            position++;
            return true;
        }
        return false;
    }

    private void expect(String symbol) {
        if (!accept(symbol)) {
            throw syntaxError();
        }
    }

    private void expectKeyword(String keyword) {
        if (!acceptKeyword(keyword)) {
            throw syntaxError();
        }
    }

    private void expectEnd() {
        if (peek().kind() != Token.Kind.END) {
            throw syntaxError();
        }
    }

    /** DynamoDB's syntax error names the offending token and quotes the text around it. */
    private RuntimeException syntaxError() {
        Token t = peek();
        int from = position > 0 ? tokens.get(position - 1).position() : t.position();
        Token after = peekAt(1);
        int to = after.kind() == Token.Kind.END
                ? text.length()
                : after.position() + after.text().length();
        return ExpressionErrors.syntax(
                kind, t.display(), text.substring(from, Math.max(from, to)).trim());
    }
}
