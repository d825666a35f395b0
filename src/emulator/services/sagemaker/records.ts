/**
 * What the SageMaker service persists. Inputs are kept as the caller sent them (SDK shapes) and
 * projected into DescribeX outputs on read; times are epoch milliseconds on disk.
 */
import type {
  CreateEndpointConfigInput,
  CreateModelInput,
  DeploymentConfig,
  EndpointStatus,
  Tag,
} from "@aws-sdk/client-sagemaker";
import type { RolloutState } from "../../fleet/rollout";

export interface ModelRecord {
  name: string;
  arn: string;
  created: number;
  spec: Omit<CreateModelInput, "Tags">;
  tags: Tag[];
}

export interface EndpointConfigRecord {
  name: string;
  arn: string;
  created: number;
  spec: Omit<CreateEndpointConfigInput, "Tags">;
  tags: Tag[];
}

export interface EndpointRecord {
  name: string;
  arn: string;
  status: EndpointStatus;
  failureReason?: string;
  created: number;
  lastModified: number;
  tags: Tag[];
  /** The configuration and models as they were at CreateEndpoint: deleting them later does not stop the endpoint. */
  config: EndpointConfigRecord;
  models: Record<string, ModelRecord>;
  /** When the fleet came up (images resolved). */
  deployedAt?: number;
  /** The DeploymentConfig of the latest CreateEndpoint/UpdateEndpoint that gave (or retained) one. */
  lastDeploymentConfig?: DeploymentConfig;
  /** The update under way (Updating, RollingBack): the configuration it deploys and where its plan stands. */
  deployment?: PendingDeployment;
  /** An UpdateEndpointWeightsAndCapacities under way (Updating): the desired values, by variant name. */
  variantChange?: Record<string, VariantChange>;
}

export interface VariantChange {
  weight?: number;
  instances?: number;
}

export interface PendingDeployment {
  config: EndpointConfigRecord;
  models: Record<string, ModelRecord>;
  rollout: RolloutState;
}
