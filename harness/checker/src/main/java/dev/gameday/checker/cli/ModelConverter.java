package dev.gameday.checker.cli;

import dev.gameday.checker.linearizability.Model;
import dev.gameday.checker.linearizability.Models;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --model NAME} to a {@link Model}; an unknown name is a usage error (exit code 2). */
final class ModelConverter implements ITypeConverter<Model> {
    @Override
    public Model convert(String name) {
        try {
            return Models.byName(name);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
