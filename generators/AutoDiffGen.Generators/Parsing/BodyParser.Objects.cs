using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>
/// Local objects of the user's structs, classes and records that hold differentiable fields: one slot per field
/// or auto-property. They are created by a constructor that only assigns its parameters or constants to fields
/// (a positional record's primary constructor included), object initializers, <c>with</c>, <c>default</c> and
/// copies; anything else that builds one from differentiable values is reported with what to write instead.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>One field (or auto-property, by its name) of a scalarizable type.</summary>
    private sealed record Field(string Name, ITypeSymbol Type, IFieldSymbol Symbol);

    /// <summary>
    /// The fields of <paramref name="type"/> when the parser can scalarize it; null with a null <paramref name="why"/>
    /// for a type that holds no differentiable value (data, left as it is), or null with the reason it cannot.
    /// </summary>
    private static IReadOnlyList<Field>? Shape(INamedTypeSymbol type, out string? why)
    {
        why = null;
        if (type.DeclaringSyntaxReferences.Length == 0 || type.TypeKind is not (TypeKind.Struct or TypeKind.Class)
            || type.SpecialType != SpecialType.None || Symbols.KindOf(type) != ValueKind.None)
        {
            return null;
        }

        var fields = type.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst).ToList();
        if (!fields.Any(f => Symbols.KindOf(f.Type) is ValueKind.Double or ValueKind.Float or ValueKind.Tensor))
        {
            return null;
        }

        if (type.TypeKind == TypeKind.Class && type.BaseType?.SpecialType != SpecialType.System_Object)
        {
            why = $"'{type.Name}' derives from '{type.BaseType?.Name}'";
            return null;
        }

        foreach (var field in fields)
        {
            var kind = Symbols.KindOf(field.Type);
            if (kind is not (ValueKind.Double or ValueKind.Float or ValueKind.Tensor) && field.Type.SpecialType == SpecialType.None && field.Type.TypeKind != TypeKind.Enum)
            {
                why = $"its member '{(field.AssociatedSymbol ?? field).Name}' is a {field.Type.ToDisplayString()}";
                return null;
            }
        }

        return fields.Select(f => new Field((f.AssociatedSymbol ?? f).Name, f.Type, f)).ToList();
    }

    private bool DeclareObject(ILocalSymbol local, INamedTypeSymbol type, IOperation value, IOperation statement)
    {
        var shape = Shape(type, out var why);
        var depends = DependsOnDifferentiable(value);
        if (shape is null)
        {
            if (why is null || !depends)
            {
                return false;
            }

            Unsupported(statement, $"'{local.Name}' holds a '{type.Name}' made from differentiable values, but {why}, so the gradient cannot follow its fields; pass the fields as double values or make it a Tensor");
            return true;
        }

        if (!depends && !IsWritten(local))
        {
            return false;
        }

        if (ObjectValues(value, type, statement) is { } values)
        {
            NewAggregate(local, type, shape.Select(f => f.Name).ToList(), shape.Select(f => f.Type).ToList(), values, false);
        }

        return true;
    }

    /// <summary>The values of the fields of the object <paramref name="value"/> builds, in field order; null when reported.</summary>
    private List<int>? ObjectValues(IOperation value, INamedTypeSymbol type, IOperation statement)
    {
        var shape = Shape(type, out _)!;
        switch (Unwrapped(value))
        {
            case ILocalReferenceOperation { Local: var local } when _aggregates.TryGetValue(local, out var source):
                return source.Slots.Select(s => _current[s]).ToList();
            case IDefaultValueOperation when type.IsValueType:
                return shape.Select(f => Default(f.Type)).ToList();
            case IObjectCreationOperation { Constructor: { } constructor } creation:
                // Arguments in the order they are written (named arguments may be out of parameter order).
                var arguments = new int[constructor.Parameters.Length];
                foreach (var argument in creation.Arguments.OrderBy(a => a.IsImplicit ? int.MaxValue : a.Syntax.SpanStart))
                {
                    arguments[argument.Parameter!.Ordinal] = Visit(argument.Value);
                }

                var values = ConstructorValues(constructor, arguments, shape, out var why);
                if (values is null)
                {
                    Unsupported(creation, $"{Quote(creation)} creates a '{type.Name}' from differentiable values, but {why}, so the gradient cannot follow its fields; make the constructor only assign its parameters to fields (or use an object initializer), or pass the fields as double values");
                    return null;
                }

                return Initialized(creation.Initializer, values, shape) ? values : null;
            case IWithOperation with:
                var copied = ObjectValues(with.Operand, type, statement);
                return copied is not null && Initialized(with.Initializer, copied, shape) ? copied : null;
            default:
                Unsupported(value, $"{Quote(value)} gives the '{type.Name}' '{value.Syntax}' whose fields the gradient cannot follow (it follows new {type.Name}(…), object initializers, 'with', default and copies of locals); create it with new here, or pass the fields as double values");
                return null;
        }
    }

    /// <summary>
    /// The fields after <paramref name="constructor"/> ran on <paramref name="arguments"/>: field initializers
    /// (constants) first, then the constructor's assignments of parameters or constants; null when it does more.
    /// </summary>
    private List<int>? ConstructorValues(IMethodSymbol constructor, int[] arguments, IReadOnlyList<Field> shape, out string? why)
    {
        why = null;
        var assigned = new Func<int>?[shape.Count];
        var syntax = constructor.IsImplicitlyDeclared ? null : constructor.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken);
        switch (syntax)
        {
            case null:
                break;
            case RecordDeclarationSyntax:
                foreach (var parameter in constructor.Parameters)
                {
                    var index = IndexOf(shape.Select(f => f.Name).ToList(), parameter.Name);
                    if (index < 0 || shape[index].Symbol.AssociatedSymbol is not IPropertySymbol property
                        || !property.DeclaringSyntaxReferences.All(r => r.GetSyntax(_cancellationToken) is ParameterSyntax))
                    {
                        why = $"its positional parameter '{parameter.Name}' is not its own auto-property";
                        return null;
                    }

                    var argument = arguments[parameter.Ordinal];
                    assigned[index] = () => argument;
                }

                break;
            case ConstructorDeclarationSyntax declaration:
                if (declaration.Initializer is { } chained && (chained.ThisOrBaseKeyword.Text == "this" || chained.ArgumentList.Arguments.Count > 0))
                {
                    why = "its constructor calls another constructor";
                    return null;
                }

                var model = _root?.SemanticModel?.Compilation.GetSemanticModel(declaration.SyntaxTree);
                if (model?.GetOperation(declaration, _cancellationToken) is not IConstructorBodyOperation body)
                {
                    why = "its constructor could not be read";
                    return null;
                }

                foreach (var statement in Flattened(body.BlockBody ?? body.ExpressionBody))
                {
                    if (statement is IReturnOperation { ReturnedValue: null, IsImplicit: true } or IEmptyOperation)
                    {
                        continue;
                    }

                    if (statement is not IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Instance: IInstanceReferenceOperation } target, Value: var assignedValue } }
                        || FieldIndex(shape, target.Member) is var index && index < 0)
                    {
                        why = $"its constructor does more than assign its parameters to fields ({Quote(statement)})";
                        return null;
                    }

                    var source = assignedValue is IConversionOperation { Conversion.IsIdentity: true } identity ? identity.Operand : assignedValue;
                    if (source is IParameterReferenceOperation { Parameter: var parameter }
                        && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol.OriginalDefinition, constructor.OriginalDefinition))
                    {
                        var argument = arguments[parameter.Ordinal];
                        assigned[index] = () => argument;
                    }
                    else if (source.ConstantValue.HasValue)
                    {
                        var type = shape[index].Type;
                        var constant = assignedValue;
                        assigned[index] = () => Derived(Symbols.Global(type), Literal(constant), default);
                    }
                    else if (ReadsOnlyParameters(assignedValue, constructor))
                    {
                        // Computed from the parameters (B = b * 0.5): evaluated as the constructor would, with its
                        // parameters bound to the arguments' values, so the gradient flows through it.
                        var computed = assignedValue;
                        assigned[index] = () => WithParameters(constructor, arguments, () => Visit(computed));
                    }
                    else
                    {
                        why = $"its constructor computes {Quote(assignedValue)}";
                        return null;
                    }
                }

                break;
            default:
                why = "it has a primary constructor";
                return null;
        }

        var values = new List<int>();
        for (var i = 0; i < shape.Count; i++)
        {
            if (assigned[i] is { } value)
            {
                values.Add(value());
            }
            else if (FieldInitializer(shape[i]) is { } initial)
            {
                values.Add(initial);
            }
            else
            {
                why = $"its member '{shape[i].Name}' has an initializer that is not a constant";
                return null;
            }
        }

        return values;
    }

    private static IEnumerable<IOperation> Flattened(IOperation? operation) => operation switch
    {
        null => Enumerable.Empty<IOperation>(),
        IBlockOperation block => block.Operations.SelectMany(Flattened),
        _ => new[] { operation },
    };

    /// <summary>A field's value before the constructor runs: its constant initializer or its default; null when it has another initializer.</summary>
    private int? FieldInitializer(Field field)
    {
        var declared = (field.Symbol.AssociatedSymbol ?? field.Symbol).DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken);
        var initializer = declared switch
        {
            VariableDeclaratorSyntax variable => variable.Initializer,
            PropertyDeclarationSyntax property => property.Initializer,
            _ => null,
        };
        if (initializer is null)
        {
            return Default(field.Type);
        }

        var value = _root?.SemanticModel?.Compilation.GetSemanticModel(initializer.SyntaxTree).GetOperation(initializer.Value, _cancellationToken);
        return value is { ConstantValue.HasValue: true } ? Derived(Symbols.Global(field.Type), Literal(value), default) : null;
    }

    /// <summary>Applies an object initializer (<c>{ X = x }</c>) or a with's initializer to <paramref name="values"/>; false when reported.</summary>
    private bool Initialized(IObjectOrCollectionInitializerOperation? initializer, List<int> values, IReadOnlyList<Field> shape)
    {
        foreach (var member in initializer?.Initializers ?? Enumerable.Empty<IOperation>())
        {
            if (member is not ISimpleAssignmentOperation { Target: IMemberReferenceOperation target, Value: var value } || FieldIndex(shape, target.Member) is var index && index < 0)
            {
                Unsupported(member, $"{Quote(member)} in the initializer sets what is not a field or an auto-property, which the gradient cannot follow; set fields and auto-properties only");
                return false;
            }

            values[index] = Visit(value);
        }

        return true;
    }

    /// <summary>The position of a field or auto-property among the fields, -1 when it is neither (a computed property).</summary>
    private static int FieldIndex(IReadOnlyList<Field> shape, ISymbol member) =>
        MemberName(member) is { } name ? IndexOf(shape.Select(f => f.Name).ToList(), name) : -1;

    private static string? MemberName(ISymbol member) => member switch
    {
        IFieldSymbol { IsStatic: false } field => (field.AssociatedSymbol ?? field).Name,
        IPropertySymbol { IsStatic: false, IsIndexer: false } property when IsAutoProperty(property) => property.Name,
        _ => null,
    };

    /// <summary>The name a member read of a scalarized object's field or auto-property uses, or null.</summary>
    private static string? MemberName(Aggregate aggregate, ISymbol member) =>
        MemberName(member) is { } name && IndexOf(aggregate.Members, name) >= 0 ? name : null;

    /// <summary>A property with a backing field whose accessors are plain (<c>get; set;</c>, <c>get; init;</c>, a positional record's).</summary>
    private static bool IsAutoProperty(IPropertySymbol property) =>
        property.ContainingType.GetMembers().OfType<IFieldSymbol>().Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property.OriginalDefinition) || SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property))
        && property.OriginalDefinition.DeclaringSyntaxReferences.All(r => r.GetSyntax() switch
        {
            ParameterSyntax => true,
            PropertyDeclarationSyntax { AccessorList: { } accessors } => accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null),
            _ => false,
        });
    // A value a constructor assigns that reads nothing but its parameters and constants: no field, no `this`, no
    // assignment, no call through an instance (those would need the object the constructor is building).
    private static bool ReadsOnlyParameters(IOperation value, IMethodSymbol constructor) =>
        value.DescendantsAndSelf().All(o => o switch
        {
            IParameterReferenceOperation { Parameter: var p } => SymbolEqualityComparer.Default.Equals(p.ContainingSymbol.OriginalDefinition, constructor.OriginalDefinition),
            IInstanceReferenceOperation or IMemberReferenceOperation { Member.IsStatic: false } => false,
            IAssignmentOperation or IIncrementOrDecrementOperation => false,
            IInvocationOperation { Instance: not null } => false,
            _ => true,
        });

    /// <summary>Runs <paramref name="visit"/> with the constructor's parameters bound to <paramref name="arguments"/>.</summary>
    private int WithParameters(IMethodSymbol constructor, int[] arguments, Func<int> visit)
    {
        foreach (var parameter in constructor.Parameters)
        {
            _current[parameter] = arguments[parameter.Ordinal];
        }

        try
        {
            return visit();
        }
        finally
        {
            foreach (var parameter in constructor.Parameters)
            {
                _current.Remove(parameter);
            }
        }
    }
}
