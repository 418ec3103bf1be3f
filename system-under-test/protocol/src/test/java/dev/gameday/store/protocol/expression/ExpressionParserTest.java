package dev.gameday.store.protocol.expression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gameday.store.protocol.AttributeValue;
import dev.gameday.store.protocol.DynamoError;
import dev.gameday.store.protocol.DynamoException;
import dev.gameday.store.protocol.Item;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ExpressionParserTest {
    private static final Item ITEM = new Item(Map.of(
            "id", new AttributeValue.S("k"),
            "n", AttributeValue.N.of("5"),
            "s", new AttributeValue.S("hello"),
            "tags", new AttributeValue.SS(new java.util.TreeSet<>(java.util.Set.of("a", "b"))),
            "doc",
                    new AttributeValue.M(new TreeMap<>(Map.of(
                            "inner",
                            new AttributeValue.L(List.of(AttributeValue.N.of("1"), new AttributeValue.S("two"))))))));

    private static Map<String, AttributeValue> values(Object... pairs) {
        Map<String, AttributeValue> m = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            Object v = pairs[i + 1];
            m.put(
                    (String) pairs[i],
                    v instanceof Number
                            ? AttributeValue.N.of(v.toString())
                            : v instanceof Boolean b ? new AttributeValue.Bool(b) : new AttributeValue.S((String) v));
        }
        return m;
    }

    private static boolean eval(String expression, Map<String, AttributeValue> values) {
        ExpressionContext context = new ExpressionContext(Map.of("#n", "n"), values);
        Condition condition = ExpressionParser.condition(expression, "ConditionExpression", context);
        return condition.test(ITEM);
    }

    @Test
    void comparisonsFunctionsAndPaths() {
        assertTrue(eval("#n = :five", values(":five", 5)));
        assertTrue(eval("n BETWEEN :lo AND :hi", values(":lo", 1, ":hi", 5)));
        assertFalse(eval("n BETWEEN :lo AND :hi", values(":lo", 6, ":hi", 9)));
        assertTrue(eval("s IN (:a, :b)", values(":a", "x", ":b", "hello")));
        assertTrue(eval("begins_with(s, :p)", values(":p", "he")));
        assertTrue(eval("contains(tags, :t) AND contains(s, :sub)", values(":t", "a", ":sub", "ell")));
        assertTrue(eval("size(s) = :five AND size(tags) < :five", values(":five", 5)));
        assertTrue(eval("doc.inner[1] = :two", values(":two", "two")));
        assertTrue(eval("attribute_exists(doc.inner[0]) AND attribute_not_exists(doc.inner[2])", Map.of()));
        assertTrue(eval("attribute_type(tags, :ss)", values(":ss", "SS")));
        assertTrue(eval("missing <> :x", values(":x", 1)), "a missing attribute is not equal to anything");
        assertFalse(eval("missing = :x", values(":x", 1)));
        assertFalse(eval("s < :x", values(":x", 1)), "different types never compare");
        assertFalse(eval("n = :n", values(":n", "5.000")), "a string never equals a number");
        assertTrue(eval("n = :n", Map.of(":n", AttributeValue.N.of("5.000"))), "numbers compare numerically");
    }

    @Test
    void notBindsTighterThanAndWhichBindsTighterThanOr() {
        Map<String, AttributeValue> v = values(":t", true, ":f", false);
        // OR lowest: "a OR b AND c" = a OR (b AND c)
        assertTrue(eval("n = :five OR n = :six AND n = :seven", values(":five", 5, ":six", 6, ":seven", 7)));
        assertFalse(eval("(n = :five OR n = :six) AND n = :seven", values(":five", 5, ":six", 6, ":seven", 7)));
        // NOT binds to the nearest condition: "NOT a AND b" = (NOT a) AND b
        assertFalse(eval("NOT n = :five AND n = :five", values(":five", 5)));
        assertTrue(eval("NOT (n = :six AND n = :five)", values(":five", 5, ":six", 6)));
        assertTrue(eval("NOT NOT n = :five", values(":five", 5)));
        Condition c = ExpressionParser.condition(
                "a = :t OR b = :t AND NOT c = :f", "ConditionExpression", new ExpressionContext(Map.of(), v));
        Condition.Or or = assertInstanceOf(Condition.Or.class, c);
        Condition.And and = assertInstanceOf(Condition.And.class, or.right());
        assertInstanceOf(Condition.Not.class, and.right());
    }

    @Test
    void keywordsAreCaseInsensitive() {
        assertTrue(eval("n between :lo and :hi or not n = :x", values(":lo", 1, ":hi", 9, ":x", 5)));
    }

    @Test
    void undefinedPlaceholdersAreNamed() {
        DynamoException value = assertThrows(DynamoException.class, () -> eval("n = :nope", Map.of()));
        assertEquals(DynamoError.ValidationException, value.error());
        assertEquals(
                "Invalid ConditionExpression: An expression attribute value used in expression is not defined;"
                        + " attribute value: :nope",
                value.getMessage());
        DynamoException name = assertThrows(DynamoException.class, () -> eval("#missing = :x", values(":x", 1)));
        assertEquals(
                "Invalid ConditionExpression: An expression attribute name used in the document path is not"
                        + " defined; attribute name: #missing",
                name.getMessage());
    }

    @Test
    void unusedPlaceholdersAreRejectedAfterParsing() {
        ExpressionContext context = new ExpressionContext(Map.of("#a", "a", "#b", "b"), values(":x", 1, ":y", 2));
        ExpressionParser.condition("#a = :x", "ConditionExpression", context);
        DynamoException names = assertThrows(DynamoException.class, context::requireAllUsed);
        assertEquals(
                "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}", names.getMessage());

        ExpressionContext valuesOnly = new ExpressionContext(Map.of(), values(":x", 1, ":y", 2, ":z", 3));
        ExpressionParser.condition("a = :x", "ConditionExpression", valuesOnly);
        DynamoException unused = assertThrows(DynamoException.class, valuesOnly::requireAllUsed);
        assertEquals(
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {:y, :z}",
                unused.getMessage());
    }

    @Test
    void syntaxErrorsNameTheToken() {
        DynamoException e = assertThrows(DynamoException.class, () -> eval("n = = :x", values(":x", 1)));
        assertTrue(
                e.getMessage().startsWith("Invalid ConditionExpression: Syntax error; token: \"=\""), e.getMessage());
        DynamoException trailing = assertThrows(DynamoException.class, () -> eval("n = :x :x", values(":x", 1)));
        assertTrue(trailing.getMessage().contains("token: \":x\""), trailing.getMessage());
        DynamoException open = assertThrows(DynamoException.class, () -> eval("(n = :x", values(":x", 1)));
        assertTrue(open.getMessage().contains("token: \"<EOF>\""), open.getMessage());
        DynamoException empty = assertThrows(DynamoException.class, () -> eval("  ", Map.of()));
        assertEquals("Invalid ConditionExpression: The expression can not be empty;", empty.getMessage());
        DynamoException function = assertThrows(DynamoException.class, () -> eval("frob(n)", Map.of()));
        assertEquals("Invalid ConditionExpression: Invalid function name; function: frob", function.getMessage());
        DynamoException badChar = assertThrows(DynamoException.class, () -> eval("n = $", Map.of()));
        assertTrue(badChar.getMessage().contains("token: \"$\""), badChar.getMessage());
    }

    @Test
    void updateExpressionParsingRules() {
        ExpressionContext context = new ExpressionContext(Map.of("#c", "count"), values(":one", 1, ":s", "x"));
        UpdateExpression update =
                ExpressionParser.update("SET #c = #c + :one, label = :s REMOVE old, doc.inner[0]", context);
        assertEquals(2, update.sets().size());
        assertEquals(2, update.removes().size());
        context.requireAllUsed();

        DynamoException twice = assertThrows(
                DynamoException.class,
                () -> ExpressionParser.update(
                        "SET a = :s SET b = :s", new ExpressionContext(Map.of(), values(":s", "x"))));
        assertEquals(
                "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;",
                twice.getMessage());
        DynamoException overlap = assertThrows(
                DynamoException.class,
                () -> ExpressionParser.update(
                        "SET a.b = :s REMOVE a", new ExpressionContext(Map.of(), values(":s", "x"))));
        assertEquals(
                "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one"
                        + " of these paths; path one: [a, b], path two: [a]",
                overlap.getMessage());
        DynamoException addString = assertThrows(
                DynamoException.class,
                () -> ExpressionParser.update("ADD a :s", new ExpressionContext(Map.of(), values(":s", "x"))));
        assertEquals(
                "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD,"
                        + " operand type: STRING",
                addString.getMessage());
        DynamoException sizeInSet = assertThrows(
                DynamoException.class, () -> ExpressionParser.update("SET a = size(b)", ExpressionContext.empty()));
        assertTrue(sizeInSet.getMessage().contains("function: size"), sizeInSet.getMessage());
    }

    @Test
    void updatesApplyAgainstTheOldItem() {
        ExpressionContext context = new ExpressionContext(Map.of(), values(":one", 1, ":zero", 0));
        UpdateExpression swap =
                ExpressionParser.update("SET a = b, b = a, c = if_not_exists(c, :zero) + :one", context);
        Item before = new Item(Map.of("a", new AttributeValue.S("A"), "b", new AttributeValue.S("B")));
        Item after = swap.apply(before);
        assertEquals(new AttributeValue.S("B"), after.attributes().get("a"));
        assertEquals(new AttributeValue.S("A"), after.attributes().get("b"));
        assertEquals(AttributeValue.N.of(1), after.attributes().get("c"));

        UpdateExpression removeTwo = ExpressionParser.update("REMOVE l[1], l[3]", ExpressionContext.empty());
        Item list = new Item(Map.of(
                "l",
                new AttributeValue.L(List.of(
                        AttributeValue.N.of(0),
                        AttributeValue.N.of(1),
                        AttributeValue.N.of(2),
                        AttributeValue.N.of(3),
                        AttributeValue.N.of(4)))));
        assertEquals(
                new AttributeValue.L(List.of(AttributeValue.N.of(0), AttributeValue.N.of(2), AttributeValue.N.of(4))),
                removeTwo.apply(list).attributes().get("l"),
                "indices refer to the list before the update");

        UpdateExpression missingOperand =
                ExpressionParser.update("SET a = nothing + :one", new ExpressionContext(Map.of(), values(":one", 1)));
        DynamoException e = assertThrows(DynamoException.class, () -> missingOperand.apply(before));
        assertEquals("The provided expression refers to an attribute that does not exist in the item", e.getMessage());
    }
}
