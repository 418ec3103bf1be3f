package dev.gameday.store.protocol.expression;

import java.util.ArrayList;
import java.util.List;

/** The document paths a condition reads, for rules such as "a Query filter may not use key attributes". */
public final class ExpressionPaths {
    private ExpressionPaths() {}

    public static List<Path> of(Condition condition) {
        List<Path> paths = new ArrayList<>();
        collect(condition, paths);
        return paths;
    }

    private static void collect(Condition c, List<Path> into) {
        if (c instanceof Condition.Comparison x) {
            collect(x.left(), into);
            collect(x.right(), into);
        } else if (c instanceof Condition.Between x) {
            collect(x.value(), into);
            collect(x.low(), into);
            collect(x.high(), into);
        } else if (c instanceof Condition.In x) {
            collect(x.value(), into);
            x.candidates().forEach(o -> collect(o, into));
        } else if (c instanceof Condition.And x) {
            collect(x.left(), into);
            collect(x.right(), into);
        } else if (c instanceof Condition.Or x) {
            collect(x.left(), into);
            collect(x.right(), into);
        } else if (c instanceof Condition.Not x) {
            collect(x.inner(), into);
        } else if (c instanceof Condition.AttributeExists x) {
            into.add(x.path());
        } else if (c instanceof Condition.AttributeNotExists x) {
            into.add(x.path());
        } else if (c instanceof Condition.AttributeType x) {
            into.add(x.path());
        } else if (c instanceof Condition.BeginsWith x) {
            collect(x.value(), into);
            collect(x.prefix(), into);
        } else if (c instanceof Condition.Contains x) {
            collect(x.container(), into);
            collect(x.element(), into);
        } else {
            throw new IllegalStateException("unhandled condition " + c);
        }
    }

    private static void collect(Operand o, List<Path> into) {
        if (o instanceof Operand.PathOperand p) {
            into.add(p.path());
        } else if (o instanceof Operand.Size s) {
            into.add(s.path());
        } else if (o instanceof Operand.IfNotExists i) {
            into.add(i.path());
            collect(i.fallback(), into);
        } else if (o instanceof Operand.ListAppend l) {
            collect(l.first(), into);
            collect(l.second(), into);
        } else if (o instanceof Operand.Arithmetic a) {
            collect(a.left(), into);
            collect(a.right(), into);
        }
    }
}
