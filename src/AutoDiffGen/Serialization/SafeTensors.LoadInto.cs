using System.Text;

namespace AutoDiffGen;

/// <summary>The names that did not match when loading a checkpoint without strict checking, like PyTorch's <c>_IncompatibleKeys</c>.</summary>
/// <param name="MissingKeys">Destination names the checkpoint lacks (those tensors were left as they were).</param>
/// <param name="UnexpectedKeys">Checkpoint names no destination has (those tensors were ignored).</param>
public sealed record IncompatibleKeys(IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys);

public static partial class SafeTensors
{
    /// <summary>
    /// Loads a checkpoint into existing tensors, in place, like PyTorch's <c>model.load_state_dict(load_file(path))</c>:
    /// each destination (e.g. a model's named parameters) receives the tensor of the same name. Every name, shape
    /// and dtype is checked before anything is copied, so on an error no destination has changed.
    /// </summary>
    /// <param name="path">The safetensors file.</param>
    /// <param name="destinations">The tensors to fill, by name; they may be views and may live on any device.</param>
    /// <param name="strict">
    /// True (the default, as in PyTorch): the checkpoint's names must be exactly the destinations' names. False:
    /// names on one side only are skipped and returned. Shapes and dtypes must match in both modes.
    /// </param>
    /// <returns>The names that did not match (both lists empty in strict mode).</returns>
    /// <exception cref="CheckpointMismatchException">Names (in strict mode), shapes or dtypes do not match; the message lists them all.</exception>
    /// <exception cref="CheckpointFormatException">The file is not a valid safetensors file.</exception>
    public static IncompatibleKeys LoadInto(string path, IEnumerable<KeyValuePair<string, Tensor>> destinations, bool strict = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(destinations);
        var targets = Targets(destinations);
        return CopyInto(Load(path), targets, strict, path);
    }

    /// <summary>
    /// Copies <paramref name="source"/> into the destinations by name after checking every name, shape and dtype
    /// (the core of <see cref="LoadInto"/>, for state dictionaries that come from elsewhere).
    /// </summary>
    internal static IncompatibleKeys CopyInto(IReadOnlyDictionary<string, Tensor> source, IEnumerable<KeyValuePair<string, Tensor>> destinations, bool strict, string sourceName)
    {
        var targets = Targets(destinations);
        var wanted = new HashSet<string>(targets.Select(t => t.Key), StringComparer.Ordinal);
        var missing = targets.Where(t => !source.ContainsKey(t.Key)).Select(t => t.Key).ToList();
        var unexpected = source.Keys.Where(k => !wanted.Contains(k)).ToList();
        var problems = new List<string>();
        if (strict && missing.Count > 0)
        {
            problems.Add($"Missing key(s) in the checkpoint: {Quote(missing)}.");
        }

        if (strict && unexpected.Count > 0)
        {
            problems.Add($"Unexpected key(s) in the checkpoint: {Quote(unexpected)}.");
        }

        foreach (var (name, target) in targets)
        {
            if (!source.TryGetValue(name, out var value))
            {
                continue;
            }

            if (!value._shape.AsSpan().SequenceEqual(target._shape))
            {
                problems.Add($"size mismatch for {name}: copying a tensor with shape {value.Shape} from the checkpoint, the shape of the destination is {target.Shape}.");
            }
            else if (value.DType != target.DType)
            {
                problems.Add($"dtype mismatch for {name}: the checkpoint holds {value.DType}, the destination is {target.DType}; convert one of them with To(DType.{target.DType}).");
            }
        }

        if (problems.Count > 0)
        {
            var message = new StringBuilder($"Error(s) in loading '{sourceName}' into {targets.Count} tensor(s):");
            foreach (var problem in problems)
            {
                message.Append("\n\t").Append(problem);
            }

            if (strict && missing.Count + unexpected.Count > 0)
            {
                message.Append("\nPass strict: false to load the matching names only.");
            }

            throw new CheckpointMismatchException(message.ToString(), strict ? missing : [], strict ? unexpected : []);
        }

        foreach (var (name, target) in targets)
        {
            if (source.TryGetValue(name, out var value))
            {
                target.CopyFrom(value);
            }
        }

        return strict ? new IncompatibleKeys([], []) : new IncompatibleKeys(missing, unexpected);
    }

    private static List<KeyValuePair<string, Tensor>> Targets(IEnumerable<KeyValuePair<string, Tensor>> destinations)
    {
        var targets = new List<KeyValuePair<string, Tensor>>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in destinations)
        {
            if (pair.Key is null || pair.Value is null)
            {
                throw new ArgumentException("SafeTensors.LoadInto: a destination has a null name or tensor.", nameof(destinations));
            }

            if (!names.Add(pair.Key))
            {
                throw new ArgumentException($"SafeTensors.LoadInto: two destinations are named '{pair.Key}'; names must be unique.", nameof(destinations));
            }

            targets.Add(pair);
        }

        return targets;
    }

    private static string Quote(List<string> names) => string.Join(", ", names.Select(n => $"\"{n}\""));
}
