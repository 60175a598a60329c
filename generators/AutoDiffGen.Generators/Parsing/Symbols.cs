using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>Symbol facts shared by the parser and the rule collector: value kinds and the keys that name operations.</summary>
internal static class Symbols
{
    public const string TensorType = "AutoDiffGen.Tensor";
    public const string NoDiffAttribute = "AutoDiffGen.NoDiffAttribute";
    public const string DifferentiableAttribute = "AutoDiffGen.DifferentiableAttribute";
    public const string DerivativeOfAttribute = "AutoDiffGen.DerivativeOfAttribute";
    public const string ModuleType = "AutoDiffGen.Module";
    public const string ParameterAttribute = "AutoDiffGen.ParameterAttribute";
    public const string BufferAttribute = "AutoDiffGen.BufferAttribute";

    private static readonly SymbolDisplayFormat _keyFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    public static ValueKind KindOf(ITypeSymbol? type) => type switch
    {
        { SpecialType: SpecialType.System_Double } => ValueKind.Double,
        { SpecialType: SpecialType.System_Single } => ValueKind.Float,
        IArrayTypeSymbol { ElementType: var element } when KindOf(element) == ValueKind.Tensor => ValueKind.TensorList,
        INamedTypeSymbol { Name: "ReadOnlySpan", TypeArguments.Length: 1 } span when KindOf(span.TypeArguments[0]) == ValueKind.Tensor => ValueKind.TensorList,

        // Compared without nullable annotations: a local declared with var has type Tensor? in a nullable context.
        INamedTypeSymbol named when named.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString() == TensorType => ValueKind.Tensor,
        INamedTypeSymbol named when IsModule(named) => ValueKind.Module,
        _ => ValueKind.None,
    };

    /// <summary>
    /// A concrete model type: a class deriving from <c>AutoDiffGen.Module</c> (not the abstract base itself), whose
    /// gradient is its generated nested <c>Gradient</c> type.
    /// </summary>
    public static bool IsModule(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class } named)
        {
            return false;
        }

        for (var b = named.BaseType; b is not null; b = b.BaseType)
        {
            if (b.ContainingNamespace?.Name == "AutoDiffGen" && b.Name == "Module" && b.ContainingNamespace.ContainingNamespace?.IsGlobalNamespace == true)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The generated gradient type of a module type, for generated code (<c>global::N.Net.Gradient</c>).</summary>
    public static string ModuleGradient(string globalTypeName) => globalTypeName.TrimEnd('?') + ".Gradient";

    /// <summary>The display name used in keys and generated code (<c>double</c>, <c>AutoDiffGen.Tensor</c>).</summary>
    public static string Name(ITypeSymbol type) => type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(_keyFormat);

    private static readonly SymbolDisplayFormat _namespaceFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    /// <summary>A name as C# source: a keyword gets its <c>@</c> back (a parameter <c>@in</c>, a class <c>@class</c>).</summary>
    public static string Identifier(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>A namespace for a <c>namespace</c> declaration, keywords escaped (<c>User.@event</c>).</summary>
    public static string Namespace(INamespaceSymbol ns) => ns.ToDisplayString(_namespaceFormat);

    /// <summary>A type's name as it is declared, with its type parameters (<c>Box&lt;T&gt;</c>), keywords escaped.</summary>
    public static string DeclaredName(INamedTypeSymbol type) =>
        Identifier(type.Name) + (type.TypeParameters.Length == 0 ? string.Empty : "<" + string.Join(", ", type.TypeParameters.Select(p => Identifier(p.Name))) + ">");

    /// <summary>Fully qualified with <c>global::</c>, for generated code.</summary>
    public static string Global(ITypeSymbol type) => type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    /// <summary>
    /// The key of an operation: containing type, name and parameter types, with an instance method's receiver as
    /// the first parameter, e.g. <c>System.Math.Pow(double,double)</c>, <c>AutoDiffGen.Tensor.Exp(AutoDiffGen.Tensor)</c>.
    /// </summary>
    public static string Key(ITypeSymbol containingType, string name, System.Collections.Generic.IEnumerable<ITypeSymbol> parameterTypes) =>
        Name(containingType) + "." + name + "(" + string.Join(",", parameterTypes.Select(Name)) + ")";

    public static string Key(IMethodSymbol method)
    {
        var parameters = method.Parameters.Select(p => p.Type);
        if (!method.IsStatic)
        {
            parameters = new[] { (ITypeSymbol)method.ContainingType }.Concat(parameters);
        }

        return Key(method.ContainingType, method.Name, parameters);
    }

    /// <summary>Whether a [Differentiable] method differentiates with respect to a parameter.</summary>
    public static bool IsDifferentiable(IMethodSymbol method, IParameterSymbol parameter)
    {
        // An in parameter is a value the method cannot change: differentiated as one passed by value.
        if (KindOf(parameter.Type) == ValueKind.None || parameter.RefKind is RefKind.Ref or RefKind.Out || HasAttribute(parameter, NoDiffAttribute))
        {
            return false;
        }

        return IsSelected(method, parameter);
    }

    /// <summary>Whether [Differentiable] names no parameters or names "this": a model method then differentiates with respect to the model.</summary>
    public static bool IsReceiverSelected(IMethodSymbol method) => SelectedNames(method) is not { Count: > 0 } named || named.Contains("this");

    /// <summary>
    /// Whether a member of a model is differentiable: a <c>[Parameter]</c> tensor or a child model. Every other member
    /// (sizes, flags, buffers, hyper-parameters) is data to a [Differentiable] method of the model.
    /// </summary>
    public static bool IsDifferentiableMember(ISymbol member)
    {
        var type = member switch
        {
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };
        return !member.IsStatic && KindOf(type) switch
        {
            ValueKind.Tensor => HasAttribute(member, ParameterAttribute),
            ValueKind.Module => true,
            _ => false,
        };
    }

    private static System.Collections.Generic.List<string?>? SelectedNames(IMethodSymbol method)
    {
        var attribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == DifferentiableAttribute);
        return attribute?.ConstructorArguments
            .SelectMany(a => a.Kind == TypedConstantKind.Array ? (System.Collections.Generic.IEnumerable<TypedConstant>)a.Values : new[] { a })
            .Select(v => v.Value as string)
            .Where(v => v is not null)
            .ToList();
    }

    /// <summary>Whether [Differentiable] names no parameters (all are candidates) or names this one.</summary>
    public static bool IsSelected(IMethodSymbol method, IParameterSymbol parameter)
    {
        var attribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == DifferentiableAttribute);
        var named = attribute?.ConstructorArguments
            .SelectMany(a => a.Kind == TypedConstantKind.Array ? (System.Collections.Generic.IEnumerable<TypedConstant>)a.Values : new[] { a })
            .Select(v => v.Value as string)
            .Where(v => v is not null)
            .ToList();
        return named is null || named.Count == 0 || named.Contains(parameter.Name);
    }

    /// <summary>
    /// Types that are data by nature and need no [NoDiff]: integers, bool, char and enums (sizes, counts, flags),
    /// and arrays or spans of them. Any other type without a derivative (a string, a class, a double[]) must be
    /// marked [NoDiff] to say it is a constant.
    /// </summary>
    public static bool IsPlainData(ITypeSymbol type) =>
        type.TypeKind == TypeKind.Enum
        || (type is IArrayTypeSymbol array && IsPlainData(array.ElementType))
        || (type is INamedTypeSymbol { Name: "ReadOnlySpan" or "Span", TypeArguments.Length: 1 } span && IsPlainData(span.TypeArguments[0]))
        || type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Char
            or SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
            or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64
            or SpecialType.System_IntPtr or SpecialType.System_UIntPtr;

    /// <summary>
    /// Why an override could replace the method at run time, as a phrase after "it" ("is virtual"), or null when
    /// the body that runs is the one declared: the generated gradient is bound at compile time, so ADG0014 reports a
    /// [Differentiable] method that is virtual or abstract, an override that a derived class can override again, or
    /// one that overrides a [Differentiable] method (whose gradient a call through the base type would use).
    /// </summary>
    public static string? Overridable(IMethodSymbol method)
    {
        if (method.IsAbstract)
        {
            return "is abstract";
        }

        if (method.IsVirtual)
        {
            return "is virtual";
        }

        if (!method.IsOverride)
        {
            return null;
        }

        for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            if (HasAttribute(overridden.OriginalDefinition, DifferentiableAttribute))
            {
                return $"overrides the [Differentiable] method '{overridden.ContainingType.Name}.{overridden.Name}'";
            }
        }

        return method.IsSealed || method.ContainingType.IsSealed ? null : "is an override that is not sealed, so a derived class can override it again";
    }

    public static bool HasAttribute(ISymbol symbol, string attribute) =>
        symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == attribute);
}
