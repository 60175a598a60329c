using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static AutoDiffGen.Generators.Analyzers.ShapeInference;

namespace AutoDiffGen.Generators.Analyzers;

/// <summary>Arguments as the shape walker reads them: literal size lists, constant ints, the data of FromArray.</summary>
internal sealed partial class ShapeWalker
{
    /// <summary>Evaluates an argument (for its effects) and keeps what the rules need: a tensor's shape, an int list, an int, a constant.</summary>
    private Arg EvalArgument(IOperation value, ITypeSymbol? type)
    {
        var constant = value.ConstantValue;
        if (IsTensor(type))
        {
            return new Arg { Shape = Eval(value), Int = Unknown, Constant = constant, Value = value };
        }

        if (type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Int32, Rank: 1 }
            || type is INamedTypeSymbol { Name: "ReadOnlySpan", TypeArguments: [{ SpecialType: SpecialType.System_Int32 }] })
        {
            return new Arg { Ints = IntList(value), Int = Unknown, Constant = constant, Value = value };
        }

        return new Arg { Int = type?.SpecialType == SpecialType.System_Int32 ? EvalInt(value) : Discard(value), Constant = constant, Value = value };
    }

    /// <summary>The sizes of a literal int list (<c>new[] { 3, 2 }</c>, <c>[3, 2]</c>, a params list, <c>t.Shape</c>), or null.</summary>
    private int[]? IntList(IOperation value)
    {
        while (value is IConversionOperation { OperatorMethod: null } conversion)
        {
            value = conversion.Operand;
        }

        switch (value)
        {
            case IArrayCreationOperation { Initializer: { } initializer } creation:
                foreach (var size in creation.DimensionSizes)
                {
                    Eval(size);
                }

                return initializer.ElementValues.Select(EvalInt).ToArray();
            case ICollectionExpressionOperation collection when !collection.Elements.Any(e => e is ISpreadOperation):
                return collection.Elements.Select(EvalInt).ToArray();
            case IConversionOperation { Operand: IPropertyReferenceOperation { Property.Name: "Shape", Instance: { } instance } shape }
                when IsTensor(shape.Property.ContainingType):
                return Eval(instance);
            default:
                Eval(value);
                return null;
        }
    }

    /// <summary>An int argument's value: a constant, <c>t.Size(d)</c>, <c>t.Dim</c> or <c>t.NumElements</c> of a known shape, else <see cref="ShapeInference.Unknown"/>.</summary>
    private int EvalInt(IOperation value)
    {
        if (value.ConstantValue is { HasValue: true, Value: int constant })
        {
            return constant;
        }

        switch (value)
        {
            case IInvocationOperation { TargetMethod.Name: "Size", Instance: { } instance, Arguments: [{ } dimension] } invocation
                when IsTensor(invocation.TargetMethod.ContainingType):
                var shape = Eval(instance);
                var dim = EvalInt(dimension.Value);
                var d = shape is null ? -1 : NormalizeDim(dim, shape.Length);
                return d < 0 ? Unknown : shape![d];
            case IPropertyReferenceOperation { Property.Name: "Dim" or "NumElements", Instance: { } instance } property
                when IsTensor(property.Property.ContainingType):
                var known = Eval(instance);
                return known is null ? Unknown : property.Property.Name == "Dim" ? known.Length : NumElements(known);
            default:
                return Discard(value);
        }
    }

    /// <summary>A constant <c>int?</c> argument: its value, <paramref name="ifNull"/> for null, else <see cref="ShapeInference.Unknown"/>.</summary>
    private static int NullableInt(IOperation? value, int ifNull)
    {
        while (value is IConversionOperation { OperatorMethod: null } conversion)
        {
            value = conversion.Operand;
        }

        return value switch
        {
            { ConstantValue: { HasValue: true, Value: int given } } => given,
            { ConstantValue: { HasValue: true, Value: null } } or IDefaultValueOperation => ifNull,
            _ => Unknown,
        };
    }

    private int Discard(IOperation value)
    {
        Eval(value);
        return Unknown;
    }

    /// <summary>The shape of <c>FromArray(new double[,] { … })</c>: the array's dimensions.</summary>
    private static int[]? ArrayShape(IOperation value)
    {
        while (value is IConversionOperation { OperatorMethod: null } conversion)
        {
            value = conversion.Operand;
        }

        if (value is not IArrayCreationOperation { Type: IArrayTypeSymbol array } creation
            || array.ElementType.SpecialType is not (SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Int64
                or SpecialType.System_Int32 or SpecialType.System_Boolean))
        {
            return null;
        }

        var sizes = creation.DimensionSizes.Select(s => s.ConstantValue is { HasValue: true, Value: int n } && n >= 0 ? n : Unknown).ToArray();
        return sizes.Length == array.Rank ? sizes : null;
    }

    /// <summary>The element count of the flat data of <c>FromArray(data, shape)</c> when it is written in place.</summary>
    private static int DataLength(IOperation? value)
    {
        while (value is IConversionOperation { OperatorMethod: null } conversion)
        {
            value = conversion.Operand;
        }

        return value switch
        {
            IArrayCreationOperation { DimensionSizes: [{ ConstantValue: { HasValue: true, Value: int n } }] } => n,
            ICollectionExpressionOperation collection when !collection.Elements.Any(e => e is ISpreadOperation) => collection.Elements.Length,
            _ => Unknown,
        };
    }

    /// <summary>Arange(end) or Arange(start, end, step) with constant bounds: ceil((end - start) / step) elements.</summary>
    private static int[]? Arange(Arg[] args)
    {
        var values = args.Take(3).Select(a => a.Constant is { HasValue: true, Value: { } v and (int or long or double or float) } ? Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) : double.NaN).ToArray();
        double start = values.Length == 1 ? 0 : values[0], end = values.Length == 1 ? values[0] : values[1], step = values.Length == 3 ? values[2] : 1;
        if (values.Length == 2 || double.IsNaN(start) || double.IsNaN(end) || double.IsNaN(step) || step == 0 || (step > 0 && end < start) || (step < 0 && end > start))
        {
            return null;
        }

        var n = Math.Ceiling((end - start) / step);
        return n <= int.MaxValue ? [(int)n] : null;
    }

    /// <summary>What an argument contributes to a rule.</summary>
    private struct Arg
    {
        public int[]? Shape;
        public int[]? Ints;
        public int Int;
        public Optional<object?> Constant;
        public IOperation? Value;
    }
}
