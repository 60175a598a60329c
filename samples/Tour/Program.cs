using AutoDiffGen;
using Tour;

// The AutoDiffGen tour: the PyTorch "tensor basics" tutorial, scenario by scenario, on built-in data.
// Run with: dotnet run --project samples/Tour
Console.WriteLine("AutoDiffGen tour — tensor basics and autograd, as in the PyTorch tutorials");
Console.WriteLine();

TensorBasics.Create();
TensorBasics.Inspect();
TensorBasics.Arithmetic();
TensorBasics.ReshapeAndIndex();
TensorBasics.Reduce();
TensorBasics.TypesAndDevices();
TensorBasics.LinearAlgebra();
TensorBasics.Reproducibility();
Autograd.Run();

Console.WriteLine("Done. Modules, layers, data loading and plots join the tour as the training issues land.");
