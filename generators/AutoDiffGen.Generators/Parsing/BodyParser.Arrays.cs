using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>
/// Local arrays of double, float or Tensor whose length is known where they are created (<c>{ x, y }</c>,
/// <c>new double[3]</c>, <c>[x, y]</c>): one slot per element. A run-time index reads through a chain of selects
/// and writes through an if per element, after the bounds check C# makes; foreach walks the elements by index.
/// </summary>
internal sealed partial class BodyParser
{
    private bool DeclareArray(ILocalSymbol local, IArrayTypeSymbol type, IOperation value, IOperation statement)
    {
        var depends = DependsOnDifferentiable(value);
        var elements = ArrayElements(value, out var length);
        if (length < 0 || length > MaxElements)
        {
            // An array of tensors from an op (x.Chunk(2)) is a list value of its own (TensorList), as before.
            if (!depends || Symbols.KindOf(type.ElementType) == ValueKind.Tensor)
            {
                return false;
            }

            Unsupported(statement, length < 0
                ? $"the array '{local.Name}' holds differentiable values and its length is not known where it is created ({Quote(value)}), which the gradient cannot follow; create it with its elements ({{ a, b }}) or a constant length (new double[3]), or use a Tensor"
                : $"the array '{local.Name}' holds differentiable values in {length.ToString(CultureInfo.InvariantCulture)} elements, more than the {MaxElements.ToString(CultureInfo.InvariantCulture)} the gradient follows one by one; use a Tensor");
            return true;
        }

        if (!depends && !IsWritten(local))
        {
            return false;
        }

        var values = new List<int>();
        for (var i = 0; i < length; i++)
        {
            values.Add(elements.IsDefault ? Default(type.ElementType) : Visit(elements[i]));
        }

        NewAggregate(
            local,
            type,
            Enumerable.Range(0, length).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList(),
            Enumerable.Repeat(type.ElementType, length).ToList(),
            values,
            true);
        return true;
    }

    /// <summary>The elements an array creation lists (default when it only gives a constant length), and its length (-1 when not known).</summary>
    private static ImmutableArray<IOperation> ArrayElements(IOperation value, out int length)
    {
        switch (value)
        {
            case IArrayCreationOperation { DimensionSizes.Length: 1, Initializer: { } initializer }:
                length = initializer.ElementValues.Length;
                return initializer.ElementValues;
            case IArrayCreationOperation { DimensionSizes.Length: 1 } creation when creation.DimensionSizes[0].ConstantValue is { HasValue: true, Value: int size } && size >= 0:
                length = size;
                return default;
            case ICollectionExpressionOperation { Type: IArrayTypeSymbol } collection when !collection.Elements.Any(e => e is ISpreadOperation):
                length = collection.Elements.Length;
                return collection.Elements;
            default:
                length = -1;
                return default;
        }
    }

    /// <summary>The value C# gives an element or field nobody assigned.</summary>
    private int Default(ITypeSymbol type) =>
        Derived(Symbols.Global(type), type.IsReferenceType ? "default!" : "default(" + Symbols.Global(type) + ")", default);

    /// <summary>A run-time index, checked as C# checks it (IndexOutOfRangeException), as an int; -1 when reported.</summary>
    private int CheckedIndex(Aggregate aggregate, IOperation index)
    {
        if (index.Type?.SpecialType is not (SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_UInt32 or SpecialType.System_UInt64
            or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_Char))
        {
            Unsupported(index, $"the index {Quote(index)} of a local array of differentiable values is not an integer, which the gradient cannot follow; index it with an int");
            return -1;
        }

        var value = Visit(index);
        var name = _ops[value].Name;
        var length = aggregate.Slots.Count.ToString(CultureInfo.InvariantCulture);
        return Derived(
            "int",
            $"(unchecked((ulong){name}) < {length}UL ? unchecked((int){name}) : throw new global::System.IndexOutOfRangeException())",
            Reads([value]),
            SourceText(index));
    }

    /// <summary>The element at the checked index <paramref name="at"/>: <c>at == 0 ? a0 : at == 1 ? a1 : … a(n-1)</c>.</summary>
    private int ReadAt(Aggregate aggregate, int at)
    {
        var slots = aggregate.Slots;
        if (slots.Count == 0)
        {
            return Default(((IArrayTypeSymbol)aggregate.Type).ElementType);
        }

        var value = _current[slots[slots.Count - 1]];
        for (var k = slots.Count - 2; k >= 0; k--)
        {
            var element = _current[slots[k]];
            if (element == value)
            {
                continue;
            }

            var test = $"({_ops[at].Name} == {k.ToString(CultureInfo.InvariantCulture)})";
            if (_ops[element].Type == ValueKind.None && _ops[value].Type == ValueKind.None)
            {
                value = Derived(slots[k].TypeName, $"({test} ? {_ops[element].Name} : {_ops[value].Name})", Reads([at, element, value]));
                continue;
            }

            var values = new[] { element, value };
            If(() => Derived("bool", test, Reads([at])), () => { }, () => { }, values);
            value = _ops.Count - 1;
        }

        return value;
    }

    /// <summary>Writes <paramref name="value"/> to the element at the checked index <paramref name="at"/>: one if per element.</summary>
    private void WriteAt(Aggregate aggregate, int at, int value)
    {
        for (var k = 0; k < aggregate.Slots.Count; k++)
        {
            var slot = aggregate.Slots[k];
            var old = _current[slot];
            var test = $"({_ops[at].Name} == {k.ToString(CultureInfo.InvariantCulture)})";
            if (_ops[old].Type == ValueKind.None && _ops[value].Type == ValueKind.None)
            {
                Assign(slot, Derived(slot.TypeName, $"({test} ? {_ops[value].Name} : {_ops[old].Name})", Reads([at, value, old])));
                continue;
            }

            If(() => Derived("bool", test, Reads([at])), () => Assign(slot, value), () => { }, null);
        }
    }

    /// <summary><c>foreach (var v in a)</c> over a scalarized array: a loop over its indices (writes to its elements in the body are seen, as in C#).</summary>
    private void ForEachElement(IForEachLoopOperation forEach, ILocalSymbol variable, Aggregate aggregate)
    {
        var element = ((IArrayTypeSymbol)aggregate.Type).ElementType;
        if (!SymbolEqualityComparer.Default.Equals(variable.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated), element.WithNullableAnnotation(NullableAnnotation.NotAnnotated)))
        {
            Unsupported(forEach.LoopControlVariable, $"the loop variable '{variable.Name}' converts the elements of the array of differentiable values to {variable.Type.ToDisplayString()}, which is not supported; declare it as var or {element.ToDisplayString()}");
            return;
        }

        var index = new BreakFlag("i" + _ops.Count.ToString(CultureInfo.InvariantCulture), forEach, ValueKind.None, "int");
        _current[index] = Derived("int", "0", default);
        var length = aggregate.Slots.Count.ToString(CultureInfo.InvariantCulture);
        Loop(
            forEach,
            () => Derived("bool", $"({_ops[_current[index]].Name} < {length})", Reads([_current[index]]), "foreach"),
            () =>
            {
                var at = _current[index];

                // Advanced first, so that a continue (which skips the rest of the body) still moves to the next element.
                Assign(index, Derived("int", $"({_ops[at].Name} + 1)", Reads([at])));
                Assign(variable, ReadAt(aggregate, at));
                ParseLoopBody(forEach.Body);
            },
            index);
    }

    /// <summary>An array of tensors built from the slots' values where it is used as a whole (<c>Tensor.Cat(parts, 1)</c>).</summary>
    private int PackValues(IOperation operation, IReadOnlyList<int> values)
    {
        var template = new StringBuilder("new global::AutoDiffGen.Tensor[] { ");
        for (var i = 0; i < values.Count; i++)
        {
            template.Append(i > 0 ? ", " : string.Empty).Append('{').Append(i.ToString(CultureInfo.InvariantCulture)).Append('}');
        }

        template.Append(" }");
        return Add(new Op(
            OpKind.Pack,
            ValueKind.TensorList,
            "global::AutoDiffGen.Tensor[]",
            template.ToString(),
            new EquatableArray<int>(values.ToArray()),
            null,
            Unique("_t" + _ops.Count.ToString(CultureInfo.InvariantCulture)),
            SourceText(operation),
            DiagnosticFactory.Location(operation.Syntax.GetLocation())));
    }
}
