using System;
using System.IO;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Cli.Data
{
    /// <summary>Loads and saves the tool's model files.</summary>
    internal static class ModelFiles
    {
        /// <summary>
        /// Loads a model as the type training returns (<c>LoadAnoOnly</c>), checked at once: a damaged file, a file that
        /// is not a model, or a model without an AnoOnly model at its end fails here with a message naming the file.
        /// </summary>
        public static TransformerChain<AnoOnlyTransformer> Load(MLContext mlContext, string path) => Load(mlContext, path, out _);

        /// <summary>Loads a model as <see cref="Load(MLContext, string)"/> does, with the schema of the data it was trained on
        /// (the types of the raw columns it reads).</summary>
        public static TransformerChain<AnoOnlyTransformer> Load(MLContext mlContext, string path, out DataViewSchema inputSchema)
        {
            if (!File.Exists(path))
                throw new CliUserException($"No model file at '{path}'. Train one with 'anoonly train'.");
            return mlContext.Model.LoadAnoOnly(path, out inputSchema);
        }

        /// <summary>
        /// Saves the model with the tool's manifest. The file appears complete or not at all: both are written
        /// to a temporary file beside <paramref name="path"/>, which is then renamed over it.
        /// </summary>
        public static void Save(MLContext mlContext, ITransformer model, DataViewSchema inputSchema, ModelManifest manifest, string path)
        {
            string temp = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                mlContext.Model.SaveAtomic(model, inputSchema, temp);
                manifest.WriteInto(temp);
                File.Move(temp, path, overwrite: true);
            }
            finally
            {
                if (File.Exists(temp))
                    File.Delete(temp);
            }
        }
    }
}
