using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;

namespace AutoDiffGen.DeviceCheck;

/// <summary>
/// Runs xunit v2 facts and theories (InlineData, MemberData) of a test assembly by reflection, one at a time, on a
/// machine that has the .NET runtime but no SDK (so no <c>dotnet test</c>). It reads xunit's attributes by name
/// rather than referencing xunit, covers what the OpenCL tests use (parameterless test classes, IDisposable,
/// synchronous or Task-returning methods), and refuses anything else loudly instead of skipping it.
/// </summary>
internal static class ReflectionTestRunner
{
    public static int Run(string assemblyPath, IReadOnlyList<string> classFilters, TextWriter log)
    {
        // The tests run against the runtime built beside them, not the copy this tool was built with.
        var assembly = new TestLoadContext(Path.GetDirectoryName(Path.GetFullPath(assemblyPath))!).LoadFromAssemblyPath(Path.GetFullPath(assemblyPath));
        var classes = assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.IsPublic && classFilters.Any(f => t.FullName!.Contains(f, StringComparison.Ordinal)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();
        var passed = 0;
        var failed = 0;
        foreach (var type in classes)
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance).OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                foreach (var (label, args) in Cases(type, method))
                {
                    var name = type.FullName + "." + method.Name + label;
                    var watch = Stopwatch.StartNew();
                    var error = RunOne(type, method, args);
                    var ms = watch.Elapsed.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);
                    if (error is null)
                    {
                        passed++;
                        log.WriteLine($"  passed {name} [{ms} ms]");
                    }
                    else
                    {
                        failed++;
                        log.WriteLine($"  FAILED {name} [{ms} ms]\n{Indent(error.ToString())}");
                    }
                }
            }
        }

        log.WriteLine($"{passed} passed, {failed} failed ({classes.Count} classes matching {string.Join(", ", classFilters)})");
        return failed == 0 && passed > 0 ? 0 : 1;
    }

    private static IEnumerable<(string Label, object?[] Args)> Cases(Type type, MethodInfo method)
    {
        var attributes = method.GetCustomAttributesData();
        // Theory first: xunit's TheoryAttribute derives from FactAttribute.
        if (!attributes.Any(a => Is(a.AttributeType, "Xunit.TheoryAttribute")))
        {
            if (attributes.Any(a => Is(a.AttributeType, "Xunit.FactAttribute")))
            {
                yield return (string.Empty, []);
            }

            yield break;
        }

        foreach (var a in attributes)
        {
            switch (a.AttributeType.FullName)
            {
                case "Xunit.InlineDataAttribute":
                    var values = ((IEnumerable<CustomAttributeTypedArgument>)a.ConstructorArguments[0].Value!).Select(v => v.Value).ToArray();
                    yield return (Label(values), values);
                    break;
                case "Xunit.MemberDataAttribute":
                    var member = (string)a.ConstructorArguments[0].Value!;
                    var source = a.NamedArguments.Where(n => n.MemberName == "MemberType").Select(n => (Type)n.TypedValue.Value!).FirstOrDefault() ?? type;
                    foreach (var row in MemberRows(source, member))
                    {
                        yield return (Label(row), row);
                    }

                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>
    /// Whether the attribute is xunit's or derives from it (the tests' <c>OpenCLFact</c>/<c>OpenCLTheory</c>). Their
    /// Skip is ignored on purpose: this runner exists to run the OpenCL tests on a device, never to skip them.
    /// </summary>
    private static bool Is(Type? attribute, string fullName)
    {
        for (; attribute is not null; attribute = attribute.BaseType)
        {
            if (attribute.FullName == fullName)
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<object?[]> MemberRows(Type source, string member)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.FlattenHierarchy;
        var value = source.GetProperty(member, flags)?.GetValue(null)
            ?? source.GetMethod(member, flags, Type.EmptyTypes)?.Invoke(null, null)
            ?? source.GetField(member, flags)?.GetValue(null)
            ?? throw new InvalidOperationException($"MemberData '{member}' not found on {source.FullName}");
        foreach (var row in (IEnumerable)value)
        {
            // xunit's TheoryData<...> enumerates object[] rows, or ITheoryDataRow-like objects with GetData().
            yield return row as object?[] ?? (object?[])row.GetType().GetMethod("GetData")!.Invoke(row, null)!;
        }
    }

    private static Exception? RunOne(Type type, MethodInfo method, object?[] args)
    {
        try
        {
            var instance = Activator.CreateInstance(type)
                ?? throw new InvalidOperationException($"cannot create {type.FullName}");
            try
            {
                var parameters = method.GetParameters();
                var converted = args.Select((a, i) => Convert(a, parameters[i].ParameterType)).ToArray();
                var result = method.Invoke(instance, converted);
                if (result is Task task)
                {
                    task.GetAwaiter().GetResult();
                }
            }
            finally
            {
                (instance as IDisposable)?.Dispose();
            }

            return null;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            return e.InnerException;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static object? Convert(object? value, Type target) =>
        value is null || target.IsInstanceOfType(value) ? value
        : target.IsEnum ? Enum.ToObject(target, value)
        : System.Convert.ChangeType(value, Nullable.GetUnderlyingType(target) ?? target, CultureInfo.InvariantCulture);

    private static string Label(object?[] values) =>
        "(" + string.Join(", ", values.Select(v => string.Format(CultureInfo.InvariantCulture, "{0}", v))) + ")";

    private static string Indent(string text) => "      " + text.Replace("\n", "\n      ", StringComparison.Ordinal);
}

/// <summary>Loads a test assembly's dependencies from its own folder first (the framework from the default context).</summary>
internal sealed class TestLoadContext(string directory) : AssemblyLoadContext("tests")
{
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var candidate = Path.Combine(directory, assemblyName.Name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }
}
