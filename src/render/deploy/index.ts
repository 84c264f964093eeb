import type { Options } from '../../options/types.js';
import type { GeneratedFile } from '../types.js';
import { caddyfile } from './caddyfile.js';
import { composeYaml } from './compose.js';
import { deploymentYaml } from './k8s-deployment.js';
import { ingressYaml, kustomizationYaml, serviceYaml } from './k8s-network.js';
import { printYaml } from './yaml.js';

/** The deployment files around the image: compose.yaml (+ Caddyfile with --proxy) and k8s/ (issue 9). */
export function deployFiles(o: Options): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  if (o.compose) {
    files.push({ path: 'compose.yaml', content: composeYaml(o) });
    if (o.proxy) files.push({ path: 'Caddyfile', content: caddyfile(o) });
  }
  if (o.kubernetes) {
    files.push(
      { path: 'k8s/kustomization.yaml', content: printYaml(kustomizationYaml(o)) },
      { path: 'k8s/deployment.yaml', content: printYaml(deploymentYaml(o)) },
      { path: 'k8s/service.yaml', content: printYaml(serviceYaml(o)) },
    );
    if (o.proxy) files.push({ path: 'k8s/ingress.yaml', content: printYaml(ingressYaml(o)) });
  }
  return files;
}
