using AutoDiffGen.Generators.Model;
using AutoDiffGen.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generators.Analyzers;

/// <summary>
/// The data flow behind ADG0007, over the method's control flow graph (so branches and loops, back edges included,
/// are followed). Tensor variables point to abstract tensors (one per parameter, one per place a fresh tensor is
/// assigned); each abstract tensor collects the operations that used it. An in-place mutation of a tensor that some
/// operation used on a path to it is a finding. Views (<c>x.T</c>, <c>x[0]</c>, <c>View</c>, <c>Select</c>, …) and
/// in-place calls (which return their receiver) alias the tensor they come from instead of using it; their backward
/// reads only shapes. For a differentiable parameter, a mutation followed by any use is a finding too: its gradient is
/// with respect to the value it had on entry.
/// </summary>
internal sealed partial class InPlaceFlow
{
    private static readonly HashSet<string> _views = new(StringComparer.Ordinal)
    {
        "View", "ViewAs", "Reshape", "ReshapeAs", "Transpose", "Permute", "Select", "Narrow", "Slice", "Squeeze",
        "Unsqueeze", "Expand", "ExpandAs", "Flatten", "Diagonal", "Detach", "Contiguous", "To", "Cpu", "Split",
        "Chunk", "Unbind", "T", "MT",
    };

    private readonly Dictionary<IOperation, int> _sites = new();
    private readonly Dictionary<CaptureId, HashSet<int>> _captures = new();
    private readonly HashSet<int> _differentiable = new();
    private readonly Dictionary<IOperation, Finding> _findings = new();
    private int _nextSite;
    private bool _capturesChanged;
    private bool _reporting;

    private InPlaceFlow()
    {
    }

    /// <summary>Runs the flow over a method body and returns its findings, one per mutating operation, in source order.</summary>
    public static IReadOnlyList<Finding> Run(IMethodBodyOperation body, IMethodSymbol method, CancellationToken cancellationToken)
    {
        var flow = new InPlaceFlow();
        var entry = new State();
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            var parameter = method.Parameters[i];
            if (IsTracked(parameter.Type))
            {
                entry.PointsTo[parameter] = new HashSet<int> { i };
                if (Symbols.KindOf(parameter.Type) == ValueKind.Tensor
                    && !parameter.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == Symbols.NoDiffAttribute))
                {
                    flow._differentiable.Add(i);
                }
            }
        }

        flow._nextSite = method.Parameters.Length;
        var graph = ControlFlowGraph.Create(body, cancellationToken);
        var states = flow.Solve(graph, entry, cancellationToken);
        flow._reporting = true;
        foreach (var block in graph.Blocks)
        {
            if (states[block.Ordinal] is { } state)
            {
                flow.Transfer(block, state.Clone());
            }
        }

        return flow._findings.Values.OrderBy(f => f.Mutation.Syntax.SpanStart).ToList();
    }

    private State?[] Solve(ControlFlowGraph graph, State entry, CancellationToken cancellationToken)
    {
        var states = new State?[graph.Blocks.Length];
        states[0] = entry;
        var work = new Queue<int>();
        var queued = new HashSet<int> { 0 };
        work.Enqueue(0);
        while (work.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ordinal = work.Dequeue();
            queued.Remove(ordinal);
            var block = graph.Blocks[ordinal];
            var state = states[ordinal]!.Clone();
            _capturesChanged = false;
            Transfer(block, state);
            foreach (var destination in new[] { block.FallThroughSuccessor?.Destination, block.ConditionalSuccessor?.Destination })
            {
                if (destination is null)
                {
                    continue;
                }

                var target = destination.Ordinal;
                var changed = states[target] is null;
                if (changed)
                {
                    states[target] = state.Clone();
                }
                else
                {
                    changed = states[target]!.JoinFrom(state);
                }

                if (changed && queued.Add(target))
                {
                    work.Enqueue(target);
                }
            }

            if (_capturesChanged)
            {
                // Captured values are kept for the whole method: blocks that read them are run again.
                foreach (var other in graph.Blocks.Where(b => states[b.Ordinal] is not null && queued.Add(b.Ordinal)))
                {
                    work.Enqueue(other.Ordinal);
                }
            }
        }

        return states;
    }

    private void Transfer(BasicBlock block, State state)
    {
        foreach (var operation in block.Operations)
        {
            Walk(operation, state);
        }

        if (block.BranchValue is { } branch)
        {
            Walk(branch, state);
        }
    }

    private void Walk(IOperation operation, State state)
    {
        if (operation is IFlowAnonymousFunctionOperation or IAnonymousFunctionOperation or ILocalFunctionOperation)
        {
            return;
        }

        foreach (var child in operation.ChildOperations)
        {
            Walk(child, state);
        }

        Visit(operation, state);
    }

    private void Visit(IOperation operation, State state)
    {
        switch (operation)
        {
            case IFlowCaptureOperation capture:
                var objects = Objects(capture.Value, state);
                if (!_captures.TryGetValue(capture.Id, out var known))
                {
                    _captures[capture.Id] = known = new HashSet<int>();
                }

                foreach (var o in objects)
                {
                    _capturesChanged |= known.Add(o);
                }

                break;

            case IInvocationOperation invocation when IsInPlace(invocation.TargetMethod) && invocation.Instance is not null:
                Mutate(invocation, invocation.Instance, state);
                Use(invocation, invocation.Arguments.Select(a => a.Value), state);
                break;

            case IInvocationOperation invocation when IsView(invocation.TargetMethod) || IsMetadata(invocation):
                break;

            case IInvocationOperation invocation:
                var operands = invocation.Arguments.Select(a => a.Value);
                Use(invocation, invocation.Instance is null ? operands : operands.Prepend(invocation.Instance), state);
                foreach (var argument in invocation.Arguments.Where(a => a.Parameter?.RefKind is RefKind.Out or RefKind.Ref))
                {
                    Assign(argument.Value, null, argument, state);
                }

                break;

            case IBinaryOperation binary:
                Use(binary, new[] { binary.LeftOperand, binary.RightOperand }, state);
                break;

            case IUnaryOperation unary:
                Use(unary, new[] { unary.Operand }, state);
                break;

            case IObjectCreationOperation creation:
                Use(creation, creation.Arguments.Select(a => a.Value), state);
                break;

            case ISimpleAssignmentOperation assignment when IsTensorIndexer(assignment.Target):
                Mutate(assignment, ((IPropertyReferenceOperation)assignment.Target).Instance!, state);
                break;

            case ISimpleAssignmentOperation assignment:
                Assign(assignment.Target, assignment.Value, assignment, state);
                break;

            case ICompoundAssignmentOperation compound when IsTensorIndexer(compound.Target):
                Mutate(compound, ((IPropertyReferenceOperation)compound.Target).Instance!, state);
                Use(compound, new[] { compound.Value }, state);
                break;

            case ICompoundAssignmentOperation compound:
                Use(compound, new[] { compound.Target, compound.Value }, state);
                Assign(compound.Target, null, compound, state);
                break;

            case IDeconstructionAssignmentOperation deconstruction:
                foreach (var target in deconstruction.Target.DescendantsAndSelf().Where(t => t is ILocalReferenceOperation or IParameterReferenceOperation))
                {
                    Assign(target, null, target, state);
                }

                break;
        }
    }

    /// <summary>Points a tracked variable at what the value aliases, or at the fresh tensor made at <paramref name="site"/>.</summary>
    private void Assign(IOperation target, IOperation? value, IOperation site, State state)
    {
        if (Variable(target) is not { } variable)
        {
            return;
        }

        var objects = value is null ? new HashSet<int>() : Objects(value, state);
        if (objects.Count == 0)
        {
            // The graph's operations are the same objects on every pass, so a site keeps its id.
            if (!_sites.TryGetValue(site, out var id))
            {
                _sites[site] = id = _nextSite++;
            }

            // A fresh tensor: one made here in an earlier loop iteration becomes the summary of older ones.
            var summary = -id - 1;
            foreach (var set in state.PointsTo.Values)
            {
                if (set.Remove(id))
                {
                    set.Add(summary);
                }
            }

            if (state.Uses.TryGetValue(id, out var older))
            {
                state.UsesOf(summary).UnionWith(older);
                state.Uses.Remove(id);
            }

            objects.Add(id);
        }

        state.PointsTo[variable] = objects;
    }

    private void Use(IOperation user, IEnumerable<IOperation> operands, State state)
    {
        foreach (var o in operands.SelectMany(operand => Objects(operand, state)).ToList())
        {
            state.UsesOf(o).Add(user);
            if (_reporting && state.Mutations.TryGetValue(o, out var mutations))
            {
                foreach (var mutation in mutations)
                {
                    Report(mutation, user, later: true);
                }
            }
        }
    }

    private void Mutate(IOperation mutation, IOperation receiver, State state)
    {
        foreach (var o in Objects(receiver, state))
        {
            if (_reporting && state.Uses.TryGetValue(o, out var uses))
            {
                foreach (var use in uses.Where(u => u != mutation))
                {
                    Report(mutation, use, later: false);
                }
            }

            if (_differentiable.Contains(o))
            {
                if (!state.Mutations.TryGetValue(o, out var mutations))
                {
                    state.Mutations[o] = mutations = new HashSet<IOperation>();
                }

                mutations.Add(mutation);
            }
        }
    }

    private void Report(IOperation mutation, IOperation use, bool later)
    {
        if (use == mutation)
        {
            return;
        }

        var candidate = new Finding(mutation, use, later);
        if (!_findings.TryGetValue(mutation, out var found)
            || (found.Later && !later)
            || (found.Later == later && use.Syntax.SpanStart < found.Use.Syntax.SpanStart))
        {
            _findings[mutation] = candidate;
        }
    }

    /// <summary>The abstract tensors a value may be (or be a view of).</summary>
    private HashSet<int> Objects(IOperation operation, State state)
    {
        var result = new HashSet<int>();
        switch (operation)
        {
            case IConversionOperation conversion:
                return Objects(conversion.Operand, state);
            case IArgumentOperation argument:
                return Objects(argument.Value, state);
            case IFlowCaptureReferenceOperation reference:
                return _captures.TryGetValue(reference.Id, out var captured) ? new HashSet<int>(captured) : result;
            case IInvocationOperation { Instance: { } instance } invocation when IsInPlace(invocation.TargetMethod) || IsView(invocation.TargetMethod):
                return Objects(instance, state);
            case IPropertyReferenceOperation { Instance: { } instance } property when IsTensor(instance.Type) && (property.Property.IsIndexer || _views.Contains(property.Property.Name)):
                return Objects(instance, state);
            case IArrayElementReferenceOperation element:
                return Objects(element.ArrayReference, state);
            case IArrayCreationOperation { Initializer: { } initializer }:
                return Union(initializer.ElementValues, state);
            case ICollectionExpressionOperation collection:
                return Union(collection.Elements, state);
            case ISpreadOperation spread:
                return Objects(spread.Operand, state);
            default:
                if (Variable(operation) is { } variable && state.PointsTo.TryGetValue(variable, out var pointed))
                {
                    result.UnionWith(pointed);
                }

                return result;
        }
    }

    private HashSet<int> Union(IEnumerable<IOperation> operations, State state)
    {
        var result = new HashSet<int>();
        foreach (var operation in operations)
        {
            result.UnionWith(Objects(operation, state));
        }

        return result;
    }

    private static ISymbol? Variable(IOperation operation) => operation switch
    {
        ILocalReferenceOperation local when IsTracked(local.Local.Type) => local.Local,
        IParameterReferenceOperation parameter when IsTracked(parameter.Parameter.Type) => parameter.Parameter,
        _ => null,
    };

    private static bool IsTracked(ITypeSymbol? type) => Symbols.KindOf(type) is ValueKind.Tensor or ValueKind.TensorList;

    private static bool IsTensor(ITypeSymbol? type) => Symbols.KindOf(type) == ValueKind.Tensor;

    private static bool IsInPlace(IMethodSymbol method) =>
        !method.IsStatic && IsTensor(method.ContainingType)
        && (method.Name.EndsWith("InPlace", StringComparison.Ordinal) || method.Name == "CopyFrom");

    private static bool IsView(IMethodSymbol method) => !method.IsStatic && IsTensor(method.ContainingType) && _views.Contains(method.Name);

    /// <summary>A Tensor (or object) member that returns no tensor (Size, Item, ToString, AllClose, …): it records nothing for the backward pass.</summary>
    private static bool IsMetadata(IInvocationOperation invocation) =>
        invocation.Instance is { } instance && IsTensor(instance.Type)
        && (IsTensor(invocation.TargetMethod.ContainingType) || invocation.TargetMethod.ContainingType.SpecialType == SpecialType.System_Object)
        && !IsTracked(invocation.TargetMethod.ReturnType);

    private static bool IsTensorIndexer(IOperation target) =>
        target is IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance } && IsTensor(instance.Type);

    /// <summary>An in-place mutation and the operation that needs the value it changes (<see cref="Later"/>: a use after it of a differentiable parameter).</summary>
    internal sealed record Finding(IOperation Mutation, IOperation Use, bool Later);
}
