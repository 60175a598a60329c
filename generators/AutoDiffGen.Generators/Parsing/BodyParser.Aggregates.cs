using System.Globalization;
using AutoDiffGen.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Parsing;

/// <summary>
/// Local arrays of known length and local objects of simple user structs, classes and records, scalarized: each
/// element or field is a variable of its own (a slot, keyed like a break flag), so reads, writes, copies and
/// aliasing are ordinary SSA values and phis. A struct is copied by <c>var q = p;</c>; an array or a class object
/// is shared (both locals name the same slots). What the parser does not follow (a whole object passed on, a
/// computed property, an array of run-time length holding differentiable values) is reported, never a silent zero.
/// Arrays are in BodyParser.Arrays.cs, structs' shapes and constructors in BodyParser.Objects.cs.
/// </summary>
internal sealed partial class BodyParser
{
    // Scalarization gives up above this many elements (select chains over run-time indices grow with the length).
    private const int MaxElements = 64;

    private readonly Dictionary<ISymbol, Aggregate> _aggregates = new(SymbolEqualityComparer.Default);

    // The method's body, searched for writes that make an array or object worth scalarizing.
    private IOperation? _root;

    /// <summary>A scalarized array or object: its slots, in element or field order.</summary>
    private sealed class Aggregate
    {
        public Aggregate(ITypeSymbol type, IReadOnlyList<string> members, IReadOnlyList<BreakFlag> slots, bool isArray)
        {
            Type = type;
            Members = members;
            Slots = slots;
            IsArray = isArray;
        }

        public ITypeSymbol Type { get; }

        public IReadOnlyList<string> Members { get; }

        public IReadOnlyList<BreakFlag> Slots { get; }

        public bool IsArray { get; }

        /// <summary>Shared by assignment (an array or a class object), not copied (a struct).</summary>
        public bool IsShared => IsArray || Type.IsReferenceType;
    }

    /// <summary>A new aggregate of <paramref name="type"/> for <paramref name="local"/>, its slots holding <paramref name="values"/>.</summary>
    private Aggregate NewAggregate(ILocalSymbol local, ITypeSymbol type, IReadOnlyList<string> members, IReadOnlyList<ITypeSymbol> types, IReadOnlyList<int> values, bool isArray)
    {
        var slots = new List<BreakFlag>();
        for (var i = 0; i < members.Count; i++)
        {
            var slot = new BreakFlag(local.Name + "_" + members[i], _root!, Symbols.KindOf(types[i]), Symbols.Global(types[i]));
            slots.Add(slot);
            Assign(slot, values[i]);
        }

        var aggregate = new Aggregate(type, members, slots, isArray);
        _aggregates[local] = aggregate;
        return aggregate;
    }

    /// <summary>
    /// A local declared (or assigned as a whole) with an array or object the parser scalarizes; true when handled
    /// (or reported), false to treat it as an ordinary local.
    /// </summary>
    private bool DeclareAggregate(ILocalSymbol local, IOperation initializer, IOperation statement)
    {
        if (!DeclareAggregateOrRef(local, initializer, statement))
        {
            return false;
        }

        if (!_aggregates.ContainsKey(local) && !_current.ContainsKey(local))
        {
            // Reported: the local still gets a value, so its uses report nothing more.
            _current[local] = Default(local.Type);
        }

        return true;
    }

    private bool DeclareAggregateOrRef(ILocalSymbol local, IOperation initializer, IOperation statement)
    {
        if (local.RefKind != RefKind.None)
        {
            DeclareRef(local, initializer);
            return true;
        }

        var value = Unwrapped(initializer);
        if (value is ILocalReferenceOperation { Local: var source } && _aggregates.TryGetValue(source, out var existing))
        {
            if (!existing.IsShared && !SymbolEqualityComparer.Default.Equals(local, source))
            {
                // A struct is copied: the copy's fields change on their own.
                Copy(local, existing);
                return true;
            }

            _aggregates[local] = existing;
            return true;
        }

        if (local.Type is IArrayTypeSymbol { Rank: 1 } array && Symbols.KindOf(array.ElementType) is ValueKind.Double or ValueKind.Float or ValueKind.Tensor)
        {
            return DeclareArray(local, array, value, statement);
        }

        if (local.Type is INamedTypeSymbol named && Symbols.KindOf(named) == ValueKind.None && named.SpecialType == SpecialType.None
            && named.DeclaringSyntaxReferences.Length > 0 && named.TypeKind is TypeKind.Struct or TypeKind.Class)
        {
            return DeclareObject(local, named, value, statement);
        }

        return false;
    }

    private void Copy(ILocalSymbol local, Aggregate source)
    {
        var values = source.Slots.Select(s => _current[s]).ToList();
        var slots = new List<BreakFlag>();
        for (var i = 0; i < source.Slots.Count; i++)
        {
            var slot = new BreakFlag(local.Name + "_" + source.Members[i], _root!, source.Slots[i].Kind, source.Slots[i].TypeName);
            slots.Add(slot);
            _current[slot] = values[i];
        }

        _aggregates[local] = new Aggregate(source.Type, source.Members, slots, source.IsArray);
    }

    /// <summary>
    /// A whole assignment to a scalarized local, or to one declared without a value: a struct's fields take the new
    /// values (anywhere); an array or class local names new slots, only in the block that declares it (elsewhere,
    /// which object it names would depend on the path taken).
    /// </summary>
    private bool AssignAggregate(IExpressionStatementOperation statement, ILocalSymbol local, IOperation value)
    {
        if (_aggregates.TryGetValue(local, out var aggregate) && !aggregate.IsShared)
        {
            var source = Unwrapped(value);
            var values = source is ILocalReferenceOperation { Local: var other } && _aggregates.TryGetValue(other, out var copied)
                ? copied.Slots.Select(s => _current[s]).ToList()
                : ObjectValues(source, (INamedTypeSymbol)aggregate.Type, statement);
            if (values is not null)
            {
                for (var i = 0; i < values.Count; i++)
                {
                    Assign(aggregate.Slots[i], values[i]);
                }
            }

            return true;
        }

        if (aggregate is null && !NeedsAggregate(local, value))
        {
            return false;
        }

        if (!SameBlock(local, statement.Syntax))
        {
            Unsupported(statement, $"{Quote(statement)} assigns a new {(local.Type is IArrayTypeSymbol ? "array" : "object")} to '{local.Name}' inside an if, a loop or a nested block, so which one it names after that depends on the path taken, which the gradient cannot follow; declare a new local for the new value, or assign its elements or fields");
            return true;
        }

        _aggregates.Remove(local);
        return DeclareAggregate(local, value, statement) || Reject(statement, local);
    }

    private bool Reject(IOperation statement, ILocalSymbol local)
    {
        Unsupported(statement, $"{Quote(statement)} assigns to '{local.Name}', whose elements or fields the gradient follows, a value it cannot follow; assign its elements or fields instead");
        return true;
    }

    /// <summary>Whether a whole assignment to a local the parser did not scalarize brings differentiable values into it.</summary>
    private bool NeedsAggregate(ILocalSymbol local, IOperation value) =>
        local.Type switch
        {
            IArrayTypeSymbol { Rank: 1, ElementType: var element } => Symbols.KindOf(element) is ValueKind.Double or ValueKind.Float
                || (Symbols.KindOf(element) == ValueKind.Tensor && KnownLength(Unwrapped(value))),
            INamedTypeSymbol named => Shape(named, out var why) is not null || why is not null,
            _ => false,
        } && DependsOnDifferentiable(value);

    private static bool KnownLength(IOperation value)
    {
        ArrayElements(value, out var length);
        return length >= 0;
    }

    /// <summary>The statements that write elements or fields of scalarized locals, re-point ref locals, or loop over a scalarized array.</summary>
    private bool AggregateStatement(IOperation statement)
    {
        switch (statement)
        {
            case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { IsRef: true } pointing } expression:
                PointRef(expression, pointing);
                return true;
            case IExpressionStatementOperation { Operation: IAssignmentOperation or IIncrementOrDecrementOperation } expression
                when WrittenAggregate(expression.Operation) is { } written:
                WriteElement(expression, written.Target, written.Aggregate);
                return true;
            case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation { Local: { RefKind: RefKind.None } local }, Value: var value } } expression
                when _aggregates.ContainsKey(local) || NeedsAggregate(local, value):
                return AssignAggregate(expression, local, value);
            case IForEachLoopOperation { LoopControlVariable: IVariableDeclaratorOperation { Symbol: var variable }, Collection: var collection } forEach
                when (collection is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : collection) is ILocalReferenceOperation { Local: var array } && _aggregates.TryGetValue(array, out var aggregate) && aggregate.IsArray:
                ForEachElement(forEach, variable, aggregate);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The element or field of a scalarized local that an assignment or ++/-- writes, or null.</summary>
    private (IOperation Target, Aggregate Aggregate)? WrittenAggregate(IOperation operation)
    {
        var target = operation switch
        {
            IAssignmentOperation assignment => assignment.Target,
            IIncrementOrDecrementOperation step => step.Target,
            _ => null,
        };
        return target switch
        {
            IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation { Local: var array } } when _aggregates.TryGetValue(array, out var aggregate) => (target, aggregate),
            IMemberReferenceOperation { Instance: ILocalReferenceOperation { Local: var owner } } when _aggregates.TryGetValue(owner, out var aggregate) => (target, aggregate),
            _ => null,
        };
    }

    /// <summary><c>a[k] = v;</c>, <c>p.X += v;</c>, <c>t[0]++;</c>: the slot gets the new value (a run-time index writes through an if per element).</summary>
    private void WriteElement(IExpressionStatementOperation statement, IOperation target, Aggregate aggregate)
    {
        var slot = SlotOf(target);
        var at = -1;
        if (slot is null)
        {
            if (target is not IArrayElementReferenceOperation element || element.Indices.Length != 1 || element.Indices[0].ConstantValue.HasValue)
            {
                Unsupported(statement, NotFollowed(target));
                return;
            }

            at = CheckedIndex(aggregate, element.Indices[0]);
            if (at < 0)
            {
                return;
            }
        }

        var type = target.Type!;
        int Current() => slot is not null ? _current[slot] : ReadAt(aggregate, at);
        int value;
        switch (statement.Operation)
        {
            case ISimpleAssignmentOperation assignment:
                value = Visit(assignment.Value);
                break;
            case ICompoundAssignmentOperation compound:
                var left = Current();
                value = Symbols.KindOf(type) == ValueKind.None
                    ? Arithmetic(compound, type, left, Visit(compound.Value), ((Microsoft.CodeAnalysis.CSharp.Syntax.AssignmentExpressionSyntax)compound.Syntax).OperatorToken.Text.TrimEnd('='))
                    : Binary(compound, compound.OperatorKind, compound.OperatorMethod, left, Visit(compound.Value), type, compound.Value.Type!);
                break;
            case IIncrementOrDecrementOperation step:
                var old = Current();
                var one = Derived(Symbols.Global(type), "1", default);
                value = Symbols.KindOf(type) == ValueKind.None
                    ? Arithmetic(step, type, old, one, step.Kind == OperationKind.Increment ? "+" : "-")
                    : Binary(step, step.Kind == OperationKind.Increment ? BinaryOperatorKind.Add : BinaryOperatorKind.Subtract, step.OperatorMethod, old, one, type, type);
                break;
            default:
                Unsupported(statement, Describe(statement));
                return;
        }

        if (slot is not null)
        {
            Assign(slot, value);
        }
        else
        {
            WriteAt(aggregate, at, value);
        }
    }

    /// <summary>Arithmetic on constant data (an int field): its C#, cast back to the field's type as the compound assignment does.</summary>
    private int Arithmetic(IOperation operation, ITypeSymbol type, int left, int right, string symbol) =>
        Derived(Symbols.Global(type), $"(({Symbols.Global(type)})({_ops[left].Name} {symbol} {_ops[right].Name}))", Reads([left, right]), SourceText(operation));

    /// <summary>The slot an element read with a constant index or a field read names, or null.</summary>
    private BreakFlag? SlotOf(IOperation operation)
    {
        switch (operation)
        {
            case IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation { Local: var array }, Indices.Length: 1 } element
                when _aggregates.TryGetValue(array, out var aggregate) && element.Indices[0].ConstantValue is { HasValue: true, Value: int index }
                    && index >= 0 && index < aggregate.Slots.Count:
                return aggregate.Slots[index];
            case IMemberReferenceOperation { Instance: ILocalReferenceOperation { Local: var owner } } member
                when _aggregates.TryGetValue(owner, out var aggregate) && !aggregate.IsArray && MemberName(aggregate, member.Member) is { } name:
                return aggregate.Slots[IndexOf(aggregate.Members, name)];
            default:
                return null;
        }
    }

    private static int IndexOf(IReadOnlyList<string> members, string name)
    {
        for (var i = 0; i < members.Count; i++)
        {
            if (members[i] == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Why a read or write of an aggregate's part is not followed (a computed property, an index out of range).</summary>
    private string NotFollowed(IOperation target) => target switch
    {
        IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation array } element when element.Indices.Length == 1 && element.Indices[0].ConstantValue.HasValue =>
            $"{Quote(target)} reads or writes outside the {_aggregates[array.Local].Slots.Count} elements of '{array.Local.Name}', which would throw; use an index within the array",
        IArrayElementReferenceOperation =>
            $"{Quote(target)} indexes the local array with an index that is not a single int, which the gradient cannot follow; index it with an int",
        IMemberReferenceOperation { Member: var member, Instance.Type: var type } =>
            $"{Quote(target)} uses '{member.Name}' of '{type?.Name}', which is not a field or an auto-property (it computes its value), which the gradient cannot follow; compute it in this method from the fields, or pass the fields as double values or make it a Tensor",
        _ => $"{Quote(target)} is not supported here",
    };

    /// <summary>A use of a scalarized local as a whole (passed to a method, returned, compared): an array of tensors is packed; anything else is reported.</summary>
    private int WholeUse(IOperation operation, Aggregate aggregate)
    {
        var values = aggregate.Slots.Select(s => _current[s]).ToList();
        if (aggregate.IsArray && Symbols.KindOf(aggregate.Type) == ValueKind.TensorList)
        {
            return PackValues(operation, values);
        }

        if (aggregate.IsArray && values.TrueForAll(v => _ops[v].Type == ValueKind.None))
        {
            return Derived(Symbols.Global(aggregate.Type), ArrayText(aggregate), Reads(values));
        }

        Unsupported(operation, aggregate.IsArray
            ? $"{Quote(operation)} uses the array of differentiable values '{operation.Syntax}' as a whole, which the gradient cannot follow (only its elements, a foreach over it and its Length are followed); use a Tensor (Tensor.Stack) instead"
            : $"{Quote(operation)} uses the {aggregate.Type.TypeKind.ToString().ToLowerInvariant()} '{aggregate.Type.Name}' holding differentiable values as a whole (passed on, returned or compared), which the gradient cannot follow (only its fields and auto-properties are followed); pass the fields as double values or make it a Tensor");
        return Derived(Symbols.Global(aggregate.Type), "default!", default);
    }

    private string ArrayText(Aggregate aggregate) =>
        "(new " + Symbols.Global(((IArrayTypeSymbol)aggregate.Type).ElementType) + "[] { " + string.Join(", ", aggregate.Slots.Select(s => _ops[_current[s]].Name)) + " })";

    /// <summary>Visit's hook: reads of scalarized locals, their elements, fields and Length.</summary>
    private int? AggregateValue(IOperation operation)
    {
        if (operation is IObjectCreationOperation or IWithOperation && operation.Type is INamedTypeSymbol created && (Shape(created, out var why) is not null || why is not null)
            && !operation.ConstantValue.HasValue && DependsOnDifferentiable(operation))
        {
            Unsupported(operation, $"{Quote(operation)} creates a '{created.Name}' from differentiable values here, which the gradient cannot follow; assign it to a local first ('var p = {operation.Syntax};') and read its fields, or pass the values themselves");
            return Derived(Symbols.Global(created), "default!", default);
        }

        if (_aggregates.Count == 0)
        {
            return null;
        }

        switch (operation)
        {
            case ILocalReferenceOperation { Local: var local } when _aggregates.TryGetValue(local, out var aggregate):
                return WholeUse(operation, aggregate);
            case IPropertyReferenceOperation { Property.Name: "Length" or "LongLength", Instance: ILocalReferenceOperation { Local: var array } } length
                when _aggregates.TryGetValue(array, out var aggregate) && aggregate.IsArray:
                return Derived(Symbols.Global(length.Type!), aggregate.Slots.Count.ToString(CultureInfo.InvariantCulture), default);
            case IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation { Local: var array } } element when _aggregates.TryGetValue(array, out var aggregate):
                if (SlotOf(element) is { } slot)
                {
                    return _current[slot];
                }

                if (element.Indices.Length == 1 && !element.Indices[0].ConstantValue.HasValue && CheckedIndex(aggregate, element.Indices[0]) is var at and >= 0)
                {
                    return ReadAt(aggregate, at);
                }

                Unsupported(element, NotFollowed(element));
                return Derived(Symbols.Global(element.Type!), "default!", default);
            case IMemberReferenceOperation { Instance: ILocalReferenceOperation { Local: var owner } } member when _aggregates.TryGetValue(owner, out _):
                if (SlotOf(member) is { } field)
                {
                    return _current[field];
                }

                Unsupported(member, NotFollowed(member));
                return Derived(Symbols.Global(member.Type!), "default!", default);
            default:
                return null;
        }
    }

    /// <summary>
    /// Qualify's hook: in a constant's C#, an element or field of a scalarized local is its slot's variable, an
    /// array's Length its number, and an array named as a whole (a run-time index) an array of its slots' values.
    /// </summary>
    private string? AggregateText(SyntaxNode node, SemanticModel model)
    {
        if (_aggregates.Count == 0 || node is not (Microsoft.CodeAnalysis.CSharp.Syntax.ElementAccessExpressionSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax)
            || model.GetOperation(node, _cancellationToken) is not { } operation)
        {
            return null;
        }

        var slot = SlotOf(operation);
        var whole = operation is ILocalReferenceOperation { Local: var local } && _aggregates.ContainsKey(local);
        if ((slot is not null || whole) && IsWriteTarget(operation))
        {
            ReportOnce(operation.Parent!, $"{Quote(operation.Parent!)} changes {Quote(operation)} inside an expression, which is not supported; write the change as its own statement");
        }

        if (slot is not null)
        {
            return _current.TryGetValue(slot, out var value) ? _ops[value].Name : null;
        }

        switch (operation)
        {
            case IPropertyReferenceOperation { Property.Name: "Length" or "LongLength", Instance: ILocalReferenceOperation { Local: var array } } when _aggregates.TryGetValue(array, out var aggregate) && aggregate.IsArray:
                return aggregate.Slots.Count.ToString(CultureInfo.InvariantCulture);
            case IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation { Local: var array } } element
                when _aggregates.ContainsKey(array) && element.Indices.Any(i => i.ConstantValue.HasValue):
                ReportOnce(element, NotFollowed(element));
                return "default!";
            case ILocalReferenceOperation { Local: var array } when _aggregates.TryGetValue(array, out var aggregate) && aggregate.IsArray:
                return ArrayText(aggregate);
            case ILocalReferenceOperation { Local: var owner } when _aggregates.TryGetValue(owner, out var aggregate):
                ReportOnce(operation, operation.Parent is IMemberReferenceOperation member && member.Instance == operation
                    ? NotFollowed(member)
                    : $"{Quote(operation.Parent ?? operation)} uses the {aggregate.Type.TypeKind.ToString().ToLowerInvariant()} '{aggregate.Type.Name}' holding differentiable values as a whole, which the gradient cannot follow (only its fields and auto-properties are followed); pass the fields as double values or make it a Tensor");
                return "default!";
            default:
                return null;
        }
    }

    // A constant's C# may be rendered more than once (a loop test, a saved value): its problems are reported once.
    private void ReportOnce(IOperation operation, string what)
    {
        var diagnostic = DiagnosticFactory.Create(DiagnosticDescriptors.UnsupportedConstruct.Id, operation.Syntax.GetLocation(), _methodName, what);
        if (!_diagnostics.Contains(diagnostic))
        {
            _diagnostics.Add(diagnostic);
        }
    }

    /// <summary>DependsOnDifferentiable's hook: a scalarized local depends on differentiable values when one of its slots does.</summary>
    private bool? AggregateDepends(IOperation operation)
    {
        if (_aggregates.Count == 0)
        {
            return null;
        }

        if (SlotOf(operation) is { } slot)
        {
            return _current.TryGetValue(slot, out var value) && _ops[value].Type != ValueKind.None;
        }

        return operation switch
        {
            ILocalReferenceOperation { Local: var local } when _aggregates.TryGetValue(local, out var aggregate) =>
                aggregate.Slots.Any(s => _current.TryGetValue(s, out var value) && _ops[value].Type != ValueKind.None),
            IPropertyReferenceOperation { Property.Name: "Length" or "LongLength", Instance: ILocalReferenceOperation { Local: var array } } when _aggregates.ContainsKey(array) => false,
            _ => null,
        };
    }

    /// <summary>ReadsOf's hook: a constant that names a scalarized local reads its slots.</summary>
    private IEnumerable<int> AggregateReads(IOperation operation) =>
        operation is ILocalReferenceOperation { Local: var local } && _aggregates.TryGetValue(local, out var aggregate)
            ? aggregate.Slots.Where(_current.ContainsKey).Select(s => _current[s])
            : Enumerable.Empty<int>();

    /// <summary>Loop's hook: the slots and ref targets a loop writes are carried by it, with every alias of what it writes.</summary>
    private void AddCarried(IOperation loop, List<object> assigned)
    {
        var carried = new List<object>();
        foreach (var operation in loop.Descendants())
        {
            var target = operation switch
            {
                IAssignmentOperation assignment => assignment.Target,
                IIncrementOrDecrementOperation step => step.Target,
                _ => null,
            };
            var owner = target switch
            {
                IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation { Local: var array } } => array,
                IMemberReferenceOperation { Instance: ILocalReferenceOperation { Local: var local } } => local,
                ILocalReferenceOperation { Local: var local } => local,
                _ => null,
            };
            if (owner is not null && _aggregates.TryGetValue(owner, out var aggregate))
            {
                carried.AddRange(aggregate.Slots);
            }
        }

        carried.AddRange(assigned.SelectMany(Aliases).ToList());
        foreach (var variable in carried)
        {
            if (_current.ContainsKey(variable) && !assigned.Contains(variable, VariableComparer.Instance))
            {
                assigned.Add(variable);
            }
        }
    }

    /// <summary>The operation without the implicit conversions C# wraps around an initializer.</summary>
    private static IOperation Unwrapped(IOperation operation) =>
        operation is IConversionOperation { IsImplicit: true, Conversion.IsIdentity: true } or IConversionOperation { IsImplicit: true, Operand: ICollectionExpressionOperation }
            ? Unwrapped(((IConversionOperation)operation).Operand)
            : operation;

    /// <summary>Whether the method writes an element or field of <paramref name="local"/>, takes a ref to one, or assigns the local again.</summary>
    private bool IsWritten(ILocalSymbol local)
    {
        foreach (var operation in _root?.Descendants() ?? Enumerable.Empty<IOperation>())
        {
            var owner = operation switch
            {
                IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation { Local: var array } } => array,
                IMemberReferenceOperation { Instance: ILocalReferenceOperation { Local: var instance } } => instance,
                ILocalReferenceOperation { Local: var whole } when operation.Parent is ISimpleAssignmentOperation { IsRef: false } assignment && assignment.Target == operation => whole,
                _ => null,
            };
            if (owner is null || !SymbolEqualityComparer.Default.Equals(owner, local))
            {
                continue;
            }

            if (operation is ILocalReferenceOperation || IsWriteTarget(operation))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the operation is written (assigned, stepped, passed by ref, taken by a ref local).</summary>
    private static bool IsWriteTarget(IOperation operation) => operation.Parent switch
    {
        ISimpleAssignmentOperation { IsRef: false } assignment => assignment.Target == operation,
        ICompoundAssignmentOperation or ICoalesceAssignmentOperation => ((IAssignmentOperation)operation.Parent).Target == operation,
        ISimpleAssignmentOperation { IsRef: true } pointing => pointing.Value == operation,
        IIncrementOrDecrementOperation => true,
        IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
        IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol.RefKind: not RefKind.None } } => true,
        _ => false,
    };
}
