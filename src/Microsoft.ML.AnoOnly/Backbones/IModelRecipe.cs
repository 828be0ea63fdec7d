using System.Collections.Generic;

namespace Microsoft.ML.AnoOnly.Backbones
{
    /// <summary>One member a fit trains: what it is and the loss it trains with (ignored by members that use no labels).</summary>
    internal sealed record MemberPlan(MemberDescriptor Member, AnoOnlyLoss Loss);

    /// <summary>
    /// What <see cref="AnoOnlyTrainer.Options.Backbone"/> selects: the members a fit trains, given how many labeled
    /// anomalies there are and the loss the options ask for, and whether their scores are weighted by how well each
    /// ranks held-out labeled anomalies. A backbone is a recipe of one member; the ensemble is a recipe of several.
    /// </summary>
    internal interface IModelRecipe
    {
        AnoOnlyBackbone Id { get; }

        string Name { get; }

        string Summary { get; }

        int MinimumLabeledAnomalies { get; }

        IReadOnlyList<MemberPlan> Members(int labeledAnomalies, AnoOnlyLoss loss);

        bool WeighsMembersByLabels { get; }
    }
}
