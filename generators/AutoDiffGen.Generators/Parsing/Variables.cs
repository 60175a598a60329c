using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>The synthetic variable that records that a loop's break ran (carried by the loop, tested with its condition).</summary>
internal sealed class BreakFlag
{
    public BreakFlag(string name, IOperation loop, ValueKind kind = ValueKind.None, string typeName = "bool")
    {
        Name = name;
        Loop = loop;
        Kind = kind;
        TypeName = typeName;
    }

    public string Name { get; }

    public IOperation Loop { get; }

    /// <summary>The value's kind and type: a flag is a bool; the value a return inside a loop returns has the method's result type.</summary>
    public ValueKind Kind { get; }

    public string TypeName { get; }
}

/// <summary>Compares variables: symbols by symbol identity, break flags by reference.</summary>
internal sealed class VariableComparer : IEqualityComparer<object>
{
    public static readonly VariableComparer Instance = new();

    public new bool Equals(object? x, object? y) =>
        x is ISymbol a && y is ISymbol b ? SymbolEqualityComparer.Default.Equals(a, b) : ReferenceEquals(x, y);

    public int GetHashCode(object obj) =>
        obj is ISymbol symbol ? SymbolEqualityComparer.Default.GetHashCode(symbol) : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
}
