using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.ML.AnoOnly.Cli.Data;
using Microsoft.ML.Data;

namespace Microsoft.ML.AnoOnly.Tests.Cli
{
    /// <summary>
    /// Model files as earlier versions of the tool saved them: <c>NormalizeMinMax</c> on one <c>Features</c> vector of the
    /// CSV's numeric columns, then the AnoOnly model, with a manifest of format 1 or 2 naming those columns in vector order.
    /// </summary>
    internal static class LegacyModels
    {
        public static void Train(string csv, string[] featureColumns, string labelColumn, string modelPath, int formatVersion)
        {
            var ml = new MLContext(seed: 1);
            string[] header = File.ReadLines(csv).First().Split(',');
            var columns = new[]
            {
                new TextLoader.Column("Features", DataKind.Single, featureColumns.Select(c => new TextLoader.Range(System.Array.IndexOf(header, c))).ToArray()),
                new TextLoader.Column(labelColumn, DataKind.Single, System.Array.IndexOf(header, labelColumn)),
            };
            IDataView data = ml.Data.LoadFromTextFile(csv, columns, separatorChar: ',', hasHeader: true, allowQuoting: true);
            var model = ml.Transforms.NormalizeMinMax("Features")
                .Append(ml.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options
                {
                    LabelColumnName = labelColumn,
                    Backbone = AnoOnlyBackbone.DevNet,
                    NumberOfEpochs = 3,
                    Seed = 1,
                }))
                .Fit(data);
            ml.Model.Save(model, data.Schema, modelPath);

            var manifest = new JsonObject
            {
                ["FormatVersion"] = formatVersion,
                ["FeatureColumns"] = new JsonArray(featureColumns.Select(c => (JsonNode)c!).ToArray()),
                ["LabelColumn"] = labelColumn,
            };
            if (formatVersion == 1)
            {
                // Format 1 also copied model facts; they are ignored when read.
                manifest["Backbone"] = "DevNet";
                manifest["Loss"] = "AnomalyOnly";
                manifest["Threshold"] = 0.25;
            }
            using ZipArchive zip = ZipFile.Open(modelPath, ZipArchiveMode.Update);
            using var writer = new StreamWriter(zip.CreateEntry(ModelManifest.EntryName).Open());
            writer.Write(manifest.ToJsonString());
        }
    }
}
