using System.Reflection;
using System.Reflection.Emit;

namespace AutoDiffGen.Tests.Docs;

/// <summary>
/// What a method of the runtime reaches through its IL, following calls (and lambdas) into the AutoDiffGen assembly:
/// whether it launches work through the OpenCL backend (<c>OpenCLOps</c>, where every device op lands), and whether
/// its own body refuses devices (<c>OpenCLOps.NotSupported</c>). This is how
/// docs/ops.md derives its OpenCL column from the code instead of a hand-kept list.
/// </summary>
internal sealed class IlCalls
{
    private static readonly Dictionary<short, OpCode> _opCodes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private readonly Assembly _assembly;
    private readonly Type _backend;
    private readonly Dictionary<MethodBase, List<MethodBase>> _direct = new();

    public IlCalls(Assembly assembly, Type backend)
    {
        _assembly = assembly;
        _backend = backend;
    }

    /// <summary>Whether the method's own body calls <c>OpenCLOps.NotSupported</c> (it refuses device tensors).</summary>
    public bool Refuses(MethodBase method) => Direct(method).Any(c => c.DeclaringType == _backend && c.Name == "NotSupported");

    /// <summary>Whether the method reaches an OpenCL backend op (not the refusal).</summary>
    public bool Reaches(MethodBase root)
    {
        var seen = new HashSet<MethodBase> { root };
        var stack = new Stack<MethodBase>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            foreach (var call in Direct(stack.Pop()))
            {
                if (call.DeclaringType == _backend)
                {
                    if (call.Name != "NotSupported")
                    {
                        return true;
                    }
                }
                else if (call.Module.Assembly == _assembly && seen.Add(call))
                {
                    stack.Push(call);
                }
            }
        }

        return false;
    }

    private List<MethodBase> Direct(MethodBase method)
    {
        if (_direct.TryGetValue(method, out var known))
        {
            return known;
        }

        var calls = new List<MethodBase>();
        var il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method is MethodInfo { IsGenericMethod: true } generic ? generic.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var code = il[at] == 0xFE ? _opCodes[(short)(0xFE00 | il[at + 1])] : _opCodes[il[at]];
            at += code.Size;
            var operand = at;
            at += code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, operand)),
                _ => 4,
            };
            if (code.OperandType == OperandType.InlineMethod)
            {
                if (Resolve(() => method.Module.ResolveMethod(BitConverter.ToInt32(il, operand), typeArguments, methodArguments)) is MethodBase target)
                {
                    calls.Add(target is MethodInfo { IsGenericMethod: true } open ? open.GetGenericMethodDefinition() : target);
                }
            }
        }

        _direct[method] = calls;
        return calls;
    }

    // A token of a generic context the method does not supply resolves to nothing: such a call is not followed.
    private static object? Resolve(Func<object?> resolve)
    {
        try
        {
            return resolve();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
