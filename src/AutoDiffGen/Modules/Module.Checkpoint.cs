namespace AutoDiffGen;

/// <summary>Checkpoints of a model's state dict in the safetensors format, under PyTorch's names.</summary>
public abstract partial class Module
{
    /// <summary>
    /// Writes <see cref="StateDict"/> (parameters and buffers, <c>fc1.weight</c>-style names) to
    /// <paramref name="path"/> in the safetensors format, atomically (a temp file renamed into place), so a crash
    /// mid-save leaves the previous checkpoint intact. Python's <c>safetensors.torch.load_file</c> reads it.
    /// </summary>
    public void Save(string path) => SafeTensors.Save(path, StateDict(), new Dictionary<string, string> { ["format"] = "pt" });

    /// <summary>
    /// Copies a safetensors checkpoint into this model's parameters and buffers in place, like
    /// <c>model.load_state_dict(load_file(path), strict)</c>; nothing is copied if any name, shape or dtype differs.
    /// </summary>
    /// <exception cref="CheckpointMismatchException">Missing or unexpected names (strict), or a shape or dtype that differs.</exception>
    /// <exception cref="CheckpointFormatException">The file is not a valid safetensors file.</exception>
    public IncompatibleKeys Load(string path, bool strict = true) => SafeTensors.LoadInto(path, StateDict(), strict);
}
