using System.IO;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Cli.Data
{
    /// <summary>How <c>train</c> and <c>sweep</c> save what they fitted: one zip, the same way.</summary>
    internal static class TrainedModels
    {
        /// <summary>Saves the model fitted on <paramref name="table"/> (its featurizer first) with the manifest naming the
        /// CSV columns it reads; returns the full path written.</summary>
        public static string Save(MLContext mlContext, TransformerChain<AnoOnlyTransformer> model, TrainingTable table, string path)
        {
            string outPath = Path.GetFullPath(path);
            Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
            ModelFiles.Save(mlContext, model, table.Data.Schema, new ModelManifest
            {
                FeatureColumns = table.FeatureColumns,
                LabelColumn = table.LabelColumn,
            }, outPath);
            return outPath;
        }
    }
}
