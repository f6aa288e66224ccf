"""The assess stage: findings, attestations, violation rates and reviews in, `Assessment` out."""
