using System;
using System.Threading;
using Microsoft.ML.AnoOnly.Data;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Training;

namespace Microsoft.ML.AnoOnly.Tests
{
    /// <summary>
    /// A network trained by the library's own training core, kept as TorchSharp built it next to its export: the
    /// tests compare the managed scorer with TorchSharp's eval-mode output, and look inside the network.
    /// </summary>
    internal sealed class TrainedNetwork : IDisposable
    {
        private TrainedNetwork(IBackboneModel model, MemberState member, TrainingSet data)
        {
            Model = model;
            Member = member;
            Data = data;
        }

        public IBackboneModel Model { get; }
        public MemberState Member { get; }
        public TrainingSet Data { get; }

        /// <summary>The exported model (threshold 0).</summary>
        public ModelState State => new("Features", Member.FeatureCount, 0f, new[] { Member });

        public static TrainedNetwork Train(AnoOnlyTrainer.Options options, IDataView train)
        {
            TrainingSettings settings = TrainingSettings.Resolve(options, options.Seed ?? 1);
            var columns = TrainingColumns.Resolve(train.Schema, options.FeatureColumnName, options.LabelColumnName);
            TrainingSet data = TrainingSet.Load(train, columns, options.MaxUnlabeledRows, new Random(settings.Seed), CancellationToken.None);
            IBackboneModel model = TrainingRun.TrainNetwork(data, settings, TrainingReporter.Silent, CancellationToken.None);
            return new TrainedNetwork(model, model.Export(), data);
        }

        public void Dispose() => Model.Dispose();
    }
}
