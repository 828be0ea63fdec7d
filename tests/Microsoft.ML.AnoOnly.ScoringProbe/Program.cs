// Usage: ScoringProbe <model.zip> <rows.csv>
// Loads the model with plain mlContext.Model.Load (no AnoOnly call first), scores every row of the CSV
// (comma-separated features, no header) and prints one score per line in round-trip format, then whether
// libtorch was loaded into this process (it must not be: scoring is managed code).
using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

var ml = new MLContext();
ITransformer model = ml.Model.Load(args[0], out DataViewSchema schema);
float[][] rows = File.ReadAllLines(args[1])
    .Select(line => line.Split(',').Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray())
    .ToArray();
var definition = SchemaDefinition.Create(typeof(ProbeRow));
definition[nameof(ProbeRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, rows[0].Length);
var engine = ml.Model.CreatePredictionEngine<ProbeRow, ProbeScore>(model, inputSchemaDefinition: definition);
foreach (float[] row in rows)
{
    ProbeScore score = engine.Predict(new ProbeRow { Features = row });
    Console.WriteLine(score.Score.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + " " + score.PredictedLabel);
}
bool libtorch = File.ReadAllText("/proc/self/maps").Contains("libtorch", StringComparison.Ordinal);
Console.WriteLine("libtorch-loaded " + (libtorch ? "yes" : "no"));

internal sealed class ProbeRow
{
    public float[] Features = Array.Empty<float>();
}

#pragma warning disable CS0649 // written by ML.NET through reflection
internal sealed class ProbeScore
{
    public float Score;
    public bool PredictedLabel;
}
#pragma warning restore CS0649
