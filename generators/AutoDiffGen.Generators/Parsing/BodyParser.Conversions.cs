using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>
/// Conversions between float and double, implicit (<c>double r = a * b</c> with float a, b) or explicit
/// (<c>(float)x</c>): each is an op of its own, written where C# converts (so <c>a * b</c> multiplies in float,
/// then widens, as the method does), whose rule is Convert.ToSingle(double) or Convert.ToDouble(float): the adjoint
/// converted back to the operand's type.
/// </summary>
internal sealed partial class BodyParser
{
    private static bool IsFloatingConversion(IConversionOperation conversion) =>
        conversion.Conversion.IsNumeric
        && Symbols.KindOf(conversion.Type) is ValueKind.Double or ValueKind.Float
        && Symbols.KindOf(conversion.Operand.Type) is ValueKind.Double or ValueKind.Float
        && Symbols.KindOf(conversion.Type) != Symbols.KindOf(conversion.Operand.Type);

    private int FloatingConversion(IConversionOperation conversion)
    {
        var operand = Visit(conversion.Operand);
        var toFloat = Symbols.KindOf(conversion.Type) == ValueKind.Float;
        var key = toFloat ? "System.Convert.ToSingle(double)" : "System.Convert.ToDouble(float)";

        // Written as the cast C# performs (Convert.ToSingle(double) is the same IEEE rounding, but the cast is what
        // the method does, so the forward pass is the method bit for bit whatever the runtime).
        return Call(conversion, toFloat ? "((float){0})" : "((double){0})", new[] { operand }, key);
    }
}
