using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generators.Tests;

/// <summary>
/// A compilation (the user's code with the generated files) emitted to memory and loaded in a collectible context,
/// so tests can run the generated gradients. The AutoDiffGen runtime comes from the test's own context (the loader
/// defers to it), so tensors pass between the test and the loaded code.
/// </summary>
internal sealed class CompiledAssembly : IDisposable
{
    private readonly AssemblyLoadContext _context;

    private CompiledAssembly(Assembly assembly, AssemblyLoadContext context)
    {
        Assembly = assembly;
        _context = context;
    }

    public Assembly Assembly { get; }

    public static CompiledAssembly Load(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        var context = new AssemblyLoadContext("UserCode", isCollectible: true);
        return new CompiledAssembly(context.LoadFromStream(stream), context);
    }

    /// <summary>Calls a static method (or an instance method on <paramref name="target"/>) of the loaded code.</summary>
    public object? Call(string typeName, string method, object? target, params object?[] arguments)
    {
        var type = Assembly.GetType(typeName) ?? throw new InvalidOperationException($"No type {typeName}");
        var info = type.GetMethod(method, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"No method {typeName}.{method}");
        try
        {
            return info.Invoke(target, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    public object Create(string typeName) => Activator.CreateInstance(Assembly.GetType(typeName)!)!;

    public void Dispose() => _context.Unload();
}
