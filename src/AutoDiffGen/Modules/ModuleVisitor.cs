namespace AutoDiffGen;

/// <summary>
/// Receives a module's members in declaration order; the generator writes each module's
/// <see cref="Module.VisitMembers"/> to call it, so the runtime can list, save and load them without reflection.
/// </summary>
public abstract class ModuleVisitor
{
    /// <summary>A trainable parameter (a <see cref="ParameterAttribute"/> member); <paramref name="value"/> may be null (an optional bias).</summary>
    public abstract void Parameter(string name, Tensor? value);

    /// <summary>A buffer (a <see cref="BufferAttribute"/> member).</summary>
    public abstract void Buffer(string name, Tensor? value);

    /// <summary>A child module; <paramref name="value"/> may be null.</summary>
    public abstract void Module(string name, Module? value);
}
