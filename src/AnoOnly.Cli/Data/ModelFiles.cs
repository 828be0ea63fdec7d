using System;
using System.IO;
using System.Reflection;

namespace Microsoft.ML.AnoOnly.Cli.Data
{
    /// <summary>Loads a saved model, turning every way it can fail into a message about the file.</summary>
    internal static class ModelFiles
    {
        public static ITransformer Load(MLContext mlContext, string path)
        {
            if (!File.Exists(path))
                throw new CliUserException($"No model file at '{path}'. Train one with 'anoonly train'.");
            try
            {
                return mlContext.Model.Load(path, out _);
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or InvalidOperationException or TargetInvocationException
                                      or ArgumentException or IOException)
            {
                Exception inner = e;
                while (inner is TargetInvocationException { InnerException: Exception wrapped })
                    inner = wrapped;
                throw new CliUserException($"Cannot load the model '{path}': {inner.Message}", e);
            }
        }
    }
}
