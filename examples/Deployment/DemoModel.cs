using Microsoft.ML;
using Microsoft.ML.AnoOnly;
using Microsoft.ML.AnoOnly.Evaluation;

namespace Deployment;

/// <summary>Trains and saves the model the server loads when no --model is given (bundled 6_cardio data).</summary>
public static class DemoModel
{
    public static string DataPath => Path.Combine(AppContext.BaseDirectory, "data", "6_cardio.csv");

    public static void TrainAndSave(string modelPath)
    {
        var mlContext = new MLContext(seed: 1);
        LabeledDataset cardio = LabeledDataset.LoadCsv(mlContext, DataPath);
        var split = SemiSupervisedSplit.Create(cardio, seed: 1);
        IDataView train = split.Train.ToDataView(mlContext, split.TrainLabels);
        var pipeline = mlContext.Transforms.NormalizeMinMax("Features")
            .Append(mlContext.AnomalyDetection.Trainers.AnoOnly(new AnoOnlyTrainer.Options { NumberOfEpochs = 20, Seed = 1 }));
        mlContext.Model.Save(pipeline.Fit(train), train.Schema, modelPath);
    }
}
